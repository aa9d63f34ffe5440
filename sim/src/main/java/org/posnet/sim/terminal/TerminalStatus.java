package org.posnet.sim.terminal;

/**
 * What the terminal reports in a status upload (0820 60.3 = 362): application version, serial number,
 * printer (0 ready, 1 out of paper, 2 fault), battery percent, signal (CSQ 0..31, 99 unknown) and the
 * serving cell. The parameter version it holds is added by {@link PosTerminal#uploadStatus}.
 */
public record TerminalStatus(String appVersion, String serial, int printer, int batteryPercent, int signal, String cell) {

    /** A healthy terminal on a good cell. */
    public static TerminalStatus healthy(String serial) {
        return new TerminalStatus("PosNetSim-1.0", serial, 0, 100, 25, "460-03-0000-0000");
    }
}
