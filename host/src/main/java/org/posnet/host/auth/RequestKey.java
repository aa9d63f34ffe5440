package org.posnet.host.auth;

/**
 * What identifies a request for idempotency (cup-8583.md): MTI, terminal (41), merchant (42), batch
 * (60.2), trace (11). A 0400 carries its original's trace, which is why the MTI is part of the key.
 */
public record RequestKey(String mti, String terminal, String merchant, String batch, String trace) {
}
