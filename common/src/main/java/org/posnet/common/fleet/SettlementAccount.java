package org.posnet.common.fleet;

/** The bank account a merchant is settled (批结算) to; stored sealed, shown masked. */
public record SettlementAccount(String number, String holder) {
  @Override
  public String toString() {
    return "SettlementAccount[number=" + org.posnet.common.crypto.Redaction.pan(number) + ", holder=" + holder + "]";
  }
}
