package org.posnet.host.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * 批上送 (0320) after an unbalanced settlement. 60.3 = 201: field 48 is a 2-digit count and up to 8
 * entries of 40 characters (organisation 2, trace 6, PAN 20, amount 12); the host records how many it
 * received. 60.3 = 202/207 ends the upload: field 48 is the total count n4, answered 00 when it equals
 * what was received, else 95.
 */
final class BatchUpload implements Step {
    static final int ENTRY = 40;
    private final HostState state;

    BatchUpload(HostState state) {
        this.state = state;
    }

    @Override
    public Reason run(Exchange x) {
        String f48 = x.request.string(48);
        if (f48 == null) {
            return Reason.FORMAT_ERROR;
        }
        if (x.networkCode.equals("201")) {
            if (f48.length() < 2) {
                return Reason.FORMAT_ERROR;
            }
            int count = Integer.parseInt(f48.substring(0, 2));
            if (count < 1 || count > 8 || f48.length() != 2 + count * ENTRY) {
                return Reason.FORMAT_ERROR;
            }
            List<String> traces = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                traces.add(f48.substring(2 + i * ENTRY + 2, 2 + i * ENTRY + 8));
            }
            x.uploadCount = count;
            x.detail = "201 traces=" + String.join(",", traces);
            return null;
        }
        if (f48.length() != 4) {
            return Reason.FORMAT_ERROR;
        }
        int total = Integer.parseInt(f48);
        int received = state.uploadedCount(x.terminalId(), x.batch);
        int hostCount = state.countedTxns(x.terminalId(), x.batch).size();
        x.detail = x.networkCode + " total=" + total + " received=" + received + " host=" + hostCount;
        x.replyFields.put(48, f48);
        return total == received ? null : Reason.RECONCILE_ERROR;
    }
}
