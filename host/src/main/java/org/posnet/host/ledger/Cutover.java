package org.posnet.host.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A closed business day: every posting from journal entries up to {@code throughSeq} belongs to this day
 * or an earlier one, and every later posting belongs to a later day, so the day's figures never change
 * once it is closed. Recording the seq (not a time) is what makes a rebuild land on the same days.
 */
public record Cutover(LocalDate businessDate, long throughSeq, Instant closedAt) {

    public Cutover {
        if (businessDate == null || throughSeq < 0 || closedAt == null) {
            throw new IllegalArgumentException("a cutover needs its business date, journal seq and time");
        }
    }
}
