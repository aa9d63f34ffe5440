package org.posnet.vpdn.l2tp.control;

import java.util.Arrays;
import java.util.Optional;

/**
 * Resolves two peers opening tunnels to each other at once (RFC 2661 §4.4.3): the lower Tie
 * Breaker value wins, equal values make both lose. When only one side sent a value, that side asked
 * for a single tunnel and wins; with none there is no contest and both tunnels may live.
 */
public final class TieBreaker {
  public enum Outcome {
    OURS_WINS,
    THEIRS_WINS,
    BOTH_LOSE,
    NO_CONTEST
  }

  private TieBreaker() {}

  public static Outcome decide(Optional<byte[]> ours, Optional<byte[]> theirs) {
    if (ours.isEmpty() && theirs.isEmpty()) {
      return Outcome.NO_CONTEST;
    }
    if (theirs.isEmpty()) {
      return Outcome.OURS_WINS;
    }
    if (ours.isEmpty()) {
      return Outcome.THEIRS_WINS;
    }
    int c = Arrays.compareUnsigned(ours.get(), theirs.get());
    return c == 0 ? Outcome.BOTH_LOSE : c < 0 ? Outcome.OURS_WINS : Outcome.THEIRS_WINS;
  }
}
