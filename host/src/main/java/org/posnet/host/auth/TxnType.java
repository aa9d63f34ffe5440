package org.posnet.host.auth;

import java.util.Locale;

/**
 * What a request is, once routed. {@link #settlementSide} says how an approved one counts in the 0500
 * totals (cup-8583.md: debits = sales, completions, offline settles; credits = refunds and voids;
 * pre-auths and their voids count for nothing).
 */
public enum TxnType {
    SIGN_ON("0800", Side.NONE),
    SIGN_OFF("0820", Side.NONE),
    ECHO("0820", Side.NONE),
    BALANCE_INQUIRY("0200", Side.NONE),
    SALE("0200", Side.DEBIT),
    SALE_VOID("0200", Side.CREDIT),
    REFUND("0220", Side.CREDIT),
    PRE_AUTH("0100", Side.NONE),
    PRE_AUTH_VOID("0100", Side.NONE),
    COMPLETION("0200", Side.DEBIT),
    COMPLETION_VOID("0200", Side.CREDIT),
    REVERSAL("0400", Side.NONE),
    SETTLEMENT("0500", Side.NONE),
    BATCH_UPLOAD("0320", Side.NONE),
    /** 0800 60.3 = 360: one part of the terminal's parameter set (参数下载). */
    PARAMETER_DOWNLOAD("0800", Side.NONE),
    /** 0800 60.3 = 361: the terminal holds the downloaded version now. */
    PARAMETER_DOWNLOAD_END("0800", Side.NONE),
    /** 0820 60.3 = 362: the terminal's status (状态上送). */
    STATUS_UPLOAD("0820", Side.NONE);

    /** How an approved transaction counts in the settlement totals. */
    public enum Side { DEBIT, CREDIT, NONE }

    private final String mti;
    private final Side settlementSide;

    TxnType(String mti, Side settlementSide) {
        this.mti = mti;
        this.settlementSide = settlementSide;
    }

    /** The request MTI of this type. */
    public String mti() {
        return mti;
    }

    public Side settlementSide() {
        return settlementSide;
    }

    /** 08xx messages: no MAC, no batch check, not journaled as financial. */
    public boolean networkManagement() {
        return mti.startsWith("08");
    }

    /**
     * Parameter download and status upload: they touch no {@link HostState} and are not journaled (their
     * facts go to the parameter store), so they run outside the authorization lock.
     */
    public boolean terminalManagement() {
        return this == PARAMETER_DOWNLOAD || this == PARAMETER_DOWNLOAD_END || this == STATUS_UPLOAD;
    }

    /** The label used in metrics and events, e.g. {@code sale_void}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
