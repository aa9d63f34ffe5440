package org.posnet.host.auth;

import java.util.List;

/**
 * What the host does for one kind of request: its type, the fields it must carry (else 30), and the
 * steps in order.
 */
public record Route(TxnType type, List<Integer> requiredFields, List<Step> steps) {

    public Route {
        requiredFields = List.copyOf(requiredFields);
        steps = List.copyOf(steps);
    }
}
