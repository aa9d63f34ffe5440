package org.posnet.common.fleet;

/** The bank account a merchant is settled (批结算) to. */
public record SettlementAccount(String number, String holder) {}
