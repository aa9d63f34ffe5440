package org.posnet.host.ledger;

/** The merchant's category code, for its MDR; null when the merchant is unknown (the default rate applies). */
@FunctionalInterface
public interface MerchantDirectory {
    String mcc(String merchantId);
}
