package org.posnet.vpdn.l2tp.control;

/** Ns/Nr arithmetic modulo 2^16 (RFC 2661 §5.8): "before" means within half the space behind. */
final class Sequence {
  private Sequence() {}

  static int next(int n) {
    return (n + 1) & 0xFFFF;
  }

  static boolean before(int a, int b) {
    return (short) (a - b) < 0;
  }

  /** How far {@code a} is ahead of {@code b}, 0..65535. */
  static int distance(int b, int a) {
    return (a - b) & 0xFFFF;
  }
}
