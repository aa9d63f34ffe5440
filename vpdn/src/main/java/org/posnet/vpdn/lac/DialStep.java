package org.posnet.vpdn.lac;

import java.time.Duration;

/**
 * One step of a dial as {@code posnet dial --trace} prints it: which, whether it worked, what was
 * seen, and how long it took since the step before ended.
 */
public record DialStep(Step step, boolean ok, String detail, Duration took) {
  /** The six steps of the call flow a terminal can observe, in order (DESIGN.md §1). */
  public enum Step {
    PPP_CHAP("PPP/CHAP"),
    CARRIER_AAA("carrier AAA"),
    TUNNEL("tunnel"),
    SESSION("session"),
    BANK_AAA("bank AAA"),
    IPCP("IPCP address");

    private final String label;

    Step(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  @Override
  public String toString() {
    return String.format("%-13s %-4s %6d ms  %s", step.label(), ok ? "ok" : "FAIL", took.toMillis(), detail);
  }
}
