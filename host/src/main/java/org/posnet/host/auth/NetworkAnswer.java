package org.posnet.host.auth;

/** Sign-off (签退, 60.3 = 002) and echo test (60.3 = 301): nothing to check beyond the terminal. */
final class NetworkAnswer implements Step {
    @Override
    public Reason run(Exchange x) {
        return null;
    }
}
