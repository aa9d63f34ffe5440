package org.posnet.host.auth;

import java.util.List;
import org.posnet.host.param.ParameterDownload;
import org.posnet.host.param.Tlv;

/**
 * 参数下载 (0800, 60.3 = 360): one part of the terminal's parameter set in field 62 (layout:
 * {@link ParameterDownload}). The terminal asks part after part until the flag says last, then sends 361.
 */
final class ParameterPart implements Step {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ParameterPart.class);
    private final TerminalManagement tms;
    private final int maxPartBytes;

    ParameterPart(TerminalManagement tms, int maxPartBytes) {
        this.tms = tms;
        this.maxPartBytes = maxPartBytes;
    }

    @Override
    public Reason run(Exchange x) {
        int part;
        try {
            part = ParameterDownload.requestedPart(x.request.bytes(62));
        } catch (Tlv.TlvException e) {
            return Reason.FORMAT_ERROR;
        }
        List<byte[]> parts;
        try {
            parts = ParameterDownload.parts(tms.parameters(x.terminal), maxPartBytes);
        } catch (RuntimeException e) {
            log.error("event=host.tms.store_failed terminal={} error=\"{}\"", x.terminalId(), e.toString());
            return Reason.SYSTEM_ERROR; // the store is unreachable: the terminal retries later
        }
        if (part >= parts.size()) {
            return Reason.FORMAT_ERROR;
        }
        x.replyFields.put(62, parts.get(part));
        // it is downloading now: asking it again in this very reply would only make it loop
        x.parametersOutdated = false;
        return null;
    }
}
