package org.posnet.host.auth;

import java.util.Optional;
import org.posnet.common.fleet.StoredTerminal;

/** The fleet's terminals as authorization sees them (TMK sealed). Implemented over the fleet store. */
@FunctionalInterface
public interface TerminalDirectory {
    Optional<StoredTerminal> find(String terminalId);
}
