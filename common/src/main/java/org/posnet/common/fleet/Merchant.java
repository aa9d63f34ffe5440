package org.posnet.common.fleet;

/**
 * A merchant (商户) of the acquirer.
 *
 * @param id 15-character merchant id (ISO 8583 field 42)
 * @param mcc 4-digit merchant category code
 * @param licence 18-character unified social credit code (统一社会信用代码); may be null
 * @param area 6-digit GB/T 2260 administrative area code; may be null
 * @param geo may be null
 * @param settlementAccount may be null
 */
public record Merchant(
    String id,
    String name,
    String mcc,
    String licence,
    String legalPerson,
    String address,
    String area,
    Geo geo,
    SettlementAccount settlementAccount) {}
