package org.posnet.host.auth;

/**
 * How many times a {@link HostState} was frozen for a snapshot ({@link HostState#freeze}). An array a frozen view may
 * share — a column chunk, a batch's map — remembers the count it was made or last copied at, and is copied before its
 * first change after a freeze, so the frozen view keeps the array it saw. One per state, read and moved under the
 * state's lock.
 */
final class Freezes {
    int count;
}
