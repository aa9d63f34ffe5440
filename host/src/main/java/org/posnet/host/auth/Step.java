package org.posnet.host.auth;

import org.posnet.host.hsm.HsmException;

/**
 * One small step of an authorization (a jPOS participant): it checks one thing or does one thing, and
 * answers null to let the next step run or a {@link Reason} to stop and decline. Steps record what they
 * learn on the {@link Exchange}; they never change {@link HostState} — only the journaled entry does.
 */
@FunctionalInterface
public interface Step {
    Reason run(Exchange x) throws HsmException;
}
