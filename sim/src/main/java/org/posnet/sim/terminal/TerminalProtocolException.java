package org.posnet.sim.terminal;

/**
 * A reply the terminal cannot accept: wrong MTI or trace, a bad or missing MAC, undecodable bytes, or the
 * connection gone. A real terminal prints "通讯失败" and keeps its reversal pending.
 */
public final class TerminalProtocolException extends Exception {
    public TerminalProtocolException(String message) {
        super(message);
    }

    public TerminalProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
