package org.posnet.bench.aaa;

/** What the generator makes of one datagram from the server. */
public enum ReplyOutcome {
    ACCEPT,
    REJECT,
    /** Too short, length field out of range, or an attribute overflowing the packet. */
    MALFORMED,
    /** Response Authenticator does not match the request it answers (or the secret differs). */
    BAD_AUTHENTICATOR,
    /** A Message-Authenticator is present and wrong. */
    BAD_MESSAGE_AUTHENTICATOR,
    /** Authenticated, but neither Access-Accept nor Access-Reject (e.g. a Challenge to a PAP request). */
    UNEXPECTED_CODE
}
