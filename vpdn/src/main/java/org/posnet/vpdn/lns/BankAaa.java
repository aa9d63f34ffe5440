package org.posnet.vpdn.lns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.vpdn.l2tp.control.ProxyAuth;
import org.posnet.vpdn.ppp.AuthDecision;
import org.posnet.vpdn.ppp.AuthRequest;

/**
 * The LNS's conversation with the bank AAA (role {@code lns}): Access-Request for a terminal's
 * credentials, from L2TP proxy authentication (RFC 2661 §4.4.5) or from our own CHAP, and the
 * Accounting-Requests of a call.
 */
final class BankAaa {
  /** NAS-Port-Type Virtual (RFC 2865 §5.41): the port is an L2TP session, not a line. */
  private static final int NAS_PORT_TYPE_VIRTUAL = 5;
  private static final int ACCT_AUTHENTIC_RADIUS = 1;

  /** An Access-Accept as the call uses it; {@code decision} is what PPP gets. */
  record Grant(AuthDecision decision, byte[] classAttribute, int interimSeconds) {}

  private final RadiusWindow auth;
  private final RadiusWindow accounting;
  private final String nasIdentifier;

  BankAaa(RadiusClient auth, RadiusClient accounting, String nasIdentifier) {
    this.auth = new RadiusWindow(auth);
    this.accounting = new RadiusWindow(accounting);
    this.nasIdentifier = nasIdentifier;
  }

  /** Proxy authentication from ICCN: CHAP id + response → CHAP-Password, challenge → CHAP-Challenge; PAP → User-Password. */
  CompletableFuture<Grant> verifyProxy(ProxyAuth p, String callingNumber, int nasPort) {
    if (p.type() == ProxyAuth.PAP) {
      return access(AuthRequest.pap(p.name(), p.response()), callingNumber, nasPort);
    }
    return access(new AuthRequest(AuthRequest.Method.CHAP_MD5, p.name(), p.id(), p.challenge(), p.response()),
        callingNumber, nasPort);
  }

  CompletableFuture<Grant> access(AuthRequest r, String callingNumber, int nasPort) {
    List<RadiusAttribute> a = new ArrayList<>(10);
    a.add(RadiusAttribute.text(Attr.USER_NAME, r.user()));
    byte[] pap = null;
    if (r.method() == AuthRequest.Method.PAP) {
      pap = r.response();
    } else {
      byte[] response = r.response();
      byte[] chapPassword = new byte[1 + response.length];
      chapPassword[0] = (byte) r.chapId();
      System.arraycopy(response, 0, chapPassword, 1, response.length);
      a.add(RadiusAttribute.of(Attr.CHAP_PASSWORD, chapPassword));
      a.add(RadiusAttribute.of(Attr.CHAP_CHALLENGE, r.challenge()));
    }
    common(a, callingNumber, nasPort);
    return auth.send(RadiusCode.ACCESS_REQUEST, a, pap).thenApply(BankAaa::grant);
  }

  private static Grant grant(RadiusPacket reply) {
    if (reply.code() != RadiusCode.ACCESS_ACCEPT) {
      String msg = reply.text(Attr.REPLY_MESSAGE);
      return new Grant(new AuthDecision.Reject(msg == null ? "rejected" : msg), null, 0);
    }
    long ip = reply.integer(Attr.FRAMED_IP_ADDRESS);
    if (ip <= 0 || ip == 0xFFFFFFFEL || ip == 0xFFFFFFFFL) {
      // 255.255.255.254/255 would ask the NAS to pick: the LNS keeps no pool of its own
      return new Grant(new AuthDecision.Reject("no Framed-IP-Address in the Access-Accept"), null, 0);
    }
    List<Inet4Address> dns = new ArrayList<>(2);
    reply.firstVendor(Attr.VENDOR_MICROSOFT, Attr.MS_PRIMARY_DNS).ifPresent(v -> dns.add(inet(v.value())));
    reply.firstVendor(Attr.VENDOR_MICROSOFT, Attr.MS_SECONDARY_DNS).ifPresent(v -> dns.add(inet(v.value())));
    byte[] cls = reply.first(Attr.CLASS).map(RadiusAttribute::value).orElse(null);
    long interim = reply.integer(Attr.ACCT_INTERIM_INTERVAL);
    return new Grant(new AuthDecision.Accept(inet(intBytes((int) ip)), dns), cls, (int) Math.max(0, interim));
  }

  /** One Accounting-Request; the future fails when no accounting server answered. */
  CompletableFuture<RadiusPacket> account(int status, LnsCall c, int terminateCause) {
    List<RadiusAttribute> a = new ArrayList<>(20);
    a.add(RadiusAttribute.integer(Attr.ACCT_STATUS_TYPE, status));
    a.add(RadiusAttribute.text(Attr.ACCT_SESSION_ID, c.acctSessionId));
    a.add(RadiusAttribute.text(Attr.USER_NAME, c.user));
    a.add(RadiusAttribute.of(Attr.FRAMED_IP_ADDRESS, c.address.getAddress()));
    a.add(RadiusAttribute.integer(Attr.ACCT_AUTHENTIC, ACCT_AUTHENTIC_RADIUS));
    if (c.classAttribute != null) {
      a.add(RadiusAttribute.of(Attr.CLASS, c.classAttribute));
    }
    if (status != org.posnet.aaa.codec.Attr.ACCT_START) {
      a.add(RadiusAttribute.integer(Attr.ACCT_SESSION_TIME, (int) c.sessionSeconds()));
      a.add(RadiusAttribute.integer(Attr.ACCT_INPUT_OCTETS, (int) c.octetsIn));
      a.add(RadiusAttribute.integer(Attr.ACCT_OUTPUT_OCTETS, (int) c.octetsOut));
      a.add(RadiusAttribute.integer(Attr.ACCT_INPUT_GIGAWORDS, (int) (c.octetsIn >>> 32)));
      a.add(RadiusAttribute.integer(Attr.ACCT_OUTPUT_GIGAWORDS, (int) (c.octetsOut >>> 32)));
      a.add(RadiusAttribute.integer(Attr.ACCT_INPUT_PACKETS, (int) c.framesIn));
      a.add(RadiusAttribute.integer(Attr.ACCT_OUTPUT_PACKETS, (int) c.framesOut));
    }
    if (status == Attr.ACCT_STOP) {
      a.add(RadiusAttribute.integer(Attr.ACCT_TERMINATE_CAUSE, terminateCause));
    }
    common(a, c.callingNumber, c.nasPort());
    return accounting.send(RadiusCode.ACCOUNTING_REQUEST, a, null);
  }

  private void common(List<RadiusAttribute> a, String callingNumber, int nasPort) {
    a.add(RadiusAttribute.text(Attr.NAS_IDENTIFIER, nasIdentifier));
    a.add(RadiusAttribute.integer(Attr.NAS_PORT, nasPort));
    a.add(RadiusAttribute.integer(Attr.NAS_PORT_TYPE, NAS_PORT_TYPE_VIRTUAL));
    a.add(RadiusAttribute.integer(Attr.SERVICE_TYPE, Attr.SERVICE_TYPE_FRAMED));
    a.add(RadiusAttribute.integer(Attr.FRAMED_PROTOCOL, Attr.FRAMED_PROTOCOL_PPP));
    if (callingNumber != null && !callingNumber.isEmpty()) {
      a.add(RadiusAttribute.of(Attr.CALLING_STATION_ID, callingNumber.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static Inet4Address inet(byte[] b) {
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException | ClassCastException e) {
      throw new IllegalArgumentException("not an IPv4 address", e);
    }
  }
}
