package org.posnet.aaa.codec;

/**
 * Attribute numbers the server reads and writes on its hot path. Names and types for everything
 * else come from the dictionary files; these constants only spare the hot path a lookup.
 */
public final class Attr {
  public static final int USER_NAME = 1;
  public static final int USER_PASSWORD = 2;
  public static final int CHAP_PASSWORD = 3;
  public static final int NAS_IP_ADDRESS = 4;
  public static final int NAS_PORT = 5;
  public static final int SERVICE_TYPE = 6;
  public static final int FRAMED_PROTOCOL = 7;
  public static final int FRAMED_IP_ADDRESS = 8;
  public static final int FRAMED_IP_NETMASK = 9;
  public static final int REPLY_MESSAGE = 18;
  public static final int STATE = 24;
  public static final int CLASS = 25;
  public static final int VENDOR_SPECIFIC = 26;
  public static final int SESSION_TIMEOUT = 27;
  public static final int CALLED_STATION_ID = 30;
  public static final int CALLING_STATION_ID = 31;
  public static final int NAS_IDENTIFIER = 32;
  public static final int PROXY_STATE = 33;
  public static final int ACCT_STATUS_TYPE = 40;
  public static final int ACCT_DELAY_TIME = 41;
  public static final int ACCT_INPUT_OCTETS = 42;
  public static final int ACCT_OUTPUT_OCTETS = 43;
  public static final int ACCT_SESSION_ID = 44;
  public static final int ACCT_AUTHENTIC = 45;
  public static final int ACCT_SESSION_TIME = 46;
  public static final int ACCT_INPUT_PACKETS = 47;
  public static final int ACCT_OUTPUT_PACKETS = 48;
  public static final int ACCT_TERMINATE_CAUSE = 49;
  public static final int ACCT_MULTI_SESSION_ID = 50;
  public static final int ACCT_INPUT_GIGAWORDS = 52;
  public static final int ACCT_OUTPUT_GIGAWORDS = 53;
  public static final int EVENT_TIMESTAMP = 55;
  public static final int CHAP_CHALLENGE = 60;
  public static final int NAS_PORT_TYPE = 61;
  public static final int TUNNEL_TYPE = 64;
  public static final int TUNNEL_MEDIUM_TYPE = 65;
  public static final int TUNNEL_CLIENT_ENDPOINT = 66;
  public static final int TUNNEL_SERVER_ENDPOINT = 67;
  public static final int TUNNEL_PASSWORD = 69;
  public static final int ACCT_INTERIM_INTERVAL = 85;
  public static final int NAS_PORT_ID = 87;
  public static final int TUNNEL_PRIVATE_GROUP_ID = 81;
  public static final int TUNNEL_ASSIGNMENT_ID = 82;
  public static final int TUNNEL_PREFERENCE = 83;
  public static final int MESSAGE_AUTHENTICATOR = 80;
  public static final int TUNNEL_CLIENT_AUTH_ID = 90;
  public static final int TUNNEL_SERVER_AUTH_ID = 91;
  public static final int ERROR_CAUSE = 101;

  /** 3GPP (TS 29.061) vendor and its IMSI attribute. */
  public static final int VENDOR_3GPP = 10415;
  public static final int V3GPP_IMSI = 1;
  /** 3GPP2 vendor; its X.S0011 attributes carry location (e.g. BSID 10). */
  public static final int VENDOR_3GPP2 = 5535;
  public static final int V3GPP2_BSID = 10;

  /** Microsoft (RFC 2548) vendor; its DNS attributes are how PPP NASes learn the DNS to hand out. */
  public static final int VENDOR_MICROSOFT = 311;
  public static final int MS_PRIMARY_DNS = 28;
  public static final int MS_SECONDARY_DNS = 29;

  public static final int SERVICE_TYPE_FRAMED = 2;
  public static final int FRAMED_PROTOCOL_PPP = 1;
  public static final int TUNNEL_TYPE_L2TP = 3;
  public static final int TUNNEL_MEDIUM_IPV4 = 1;

  public static final int ACCT_START = 1;
  public static final int ACCT_STOP = 2;
  public static final int ACCT_INTERIM = 3;
  public static final int ACCT_ON = 7;
  public static final int ACCT_OFF = 8;

  private Attr() {}

  /** Attributes whose value must never reach a log or a toString. */
  public static boolean isSecret(int vendor, int type) {
    return vendor == 0
        && (type == USER_PASSWORD || type == CHAP_PASSWORD || type == TUNNEL_PASSWORD || type == MESSAGE_AUTHENTICATOR);
  }
}
