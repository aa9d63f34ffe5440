package org.posnet.host.auth;

/**
 * The routing key (jPOS Switch's transaction name): MTI + processing code (field 3, empty when absent) +
 * 60.1, and 60.3 where it picks the action (network management 08xx and batch upload 0320), else empty.
 */
public record RouteKey(String mti, String processingCode, String type, String networkCode) {

    @Override
    public String toString() {
        return mti + "." + (processingCode.isEmpty() ? "-" : processingCode) + "." + type
                + (networkCode.isEmpty() ? "" : "." + networkCode);
    }
}
