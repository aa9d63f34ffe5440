package org.posnet.host.auth;

import org.posnet.host.param.StatusReport;
import org.posnet.host.param.Tlv;

/**
 * 状态上送 (0820, 60.3 = 362): the terminal's status as TLVs in field 62 ({@link StatusReport}), stored and
 * announced as {@code tms.status.reported} before the 00 leaves. Malformed → 30, nothing stored.
 */
final class StatusUpload implements Step {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StatusUpload.class);
    private final TerminalManagement tms;

    StatusUpload(TerminalManagement tms) {
        this.tms = tms;
    }

    @Override
    public Reason run(Exchange x) {
        StatusReport report;
        try {
            report = StatusReport.parse(x.terminalId(), x.merchantId(), x.now, x.request.bytes(62));
        } catch (Tlv.TlvException e) {
            return Reason.FORMAT_ERROR;
        }
        try {
            tms.reported(report);
            x.parametersOutdated = tms.outdated(x.terminalId());
        } catch (RuntimeException e) {
            log.error("event=host.tms.store_failed terminal={} error=\"{}\"", x.terminalId(), e.toString());
            return Reason.SYSTEM_ERROR;
        }
        return null;
    }
}
