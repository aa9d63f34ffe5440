package org.posnet.host.auth;

import org.posnet.host.param.ParameterDownload;
import org.posnet.host.param.Tlv;

/**
 * End of parameter download (0800, 60.3 = 361): field 62 tag 01 = the version the terminal now holds. The
 * host records it, so it stops asking (header digit 1) once that is the stored version.
 */
final class ParameterEnd implements Step {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ParameterEnd.class);
    private final TerminalManagement tms;

    ParameterEnd(TerminalManagement tms) {
        this.tms = tms;
    }

    @Override
    public Reason run(Exchange x) {
        long version;
        try {
            version = ParameterDownload.acknowledgedVersion(x.request.bytes(62));
        } catch (Tlv.TlvException e) {
            return Reason.FORMAT_ERROR;
        }
        try {
            if (!tms.holds(x.terminalId(), version, x.now)) {
                return Reason.FORMAT_ERROR; // a version the host never had for this terminal
            }
            x.parametersOutdated = tms.outdated(x.terminalId());
        } catch (RuntimeException e) {
            log.error("event=host.tms.store_failed terminal={} error=\"{}\"", x.terminalId(), e.toString());
            return Reason.SYSTEM_ERROR;
        }
        return null;
    }
}
