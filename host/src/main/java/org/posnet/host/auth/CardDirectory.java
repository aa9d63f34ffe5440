package org.posnet.host.auth;

import java.util.Optional;

/** The on-us issuer's cards as provisioned (PIN already imported into the HSM's form). */
@FunctionalInterface
public interface CardDirectory {
    Optional<CardRecord> find(String pan);
}
