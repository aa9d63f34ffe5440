package org.posnet.aaa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.posnet.aaa.server.Fixtures.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.Chap;
import org.posnet.aaa.codec.PasswordHiding;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusCodec;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.codec.RadiusSigner;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.aaa.codec.Tagged;
import org.posnet.aaa.policy.Cidr;
import org.junit.jupiter.api.Test;

class RadiusServerTest {
  private final Fixtures f = new Fixtures(true);

  private List<byte[]> send(RadiusServer.Port port, int src, byte[] req) {
    List<byte[]> replies = new ArrayList<>();
    f.server.handle(port, src, 40000, req, req.length, replies::add);
    return replies;
  }

  private RadiusPacket answer(RadiusServer.Port port, int src, byte[] req, SharedSecret secret) throws Exception {
    List<byte[]> replies = send(port, src, req);
    assertThat(replies).hasSize(1);
    byte[] r = replies.get(0);
    byte[] ra = java.util.Arrays.copyOfRange(req, 4, 20);
    assertThat(RadiusSigner.verifyResponse(r, r.length, ra, secret)).as("response authenticator").isTrue();
    return RadiusCodec.decode(r);
  }

  private double dropped(String reason) {
    return f.meters.get("posnet_aaa_dropped").tag("reason", reason).counter().count();
  }

  @Test
  void lns_pap_accept_carriesFramedAttributes_withMessageAuthenticatorFirst() throws Exception {
    byte[] req = request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER), RadiusAttribute.text(Attr.CALLING_STATION_ID, IMSI)), PASSWORD, true);
    RadiusPacket a = answer(RadiusServer.Port.AUTH, LNS_ADDR, req, LNS_SECRET);
    assertThat(a.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
    assertThat(a.attributes().get(0).type()).isEqualTo(Attr.MESSAGE_AUTHENTICATOR);
    assertThat(a.integer(Attr.SERVICE_TYPE)).isEqualTo(Attr.SERVICE_TYPE_FRAMED);
    assertThat(a.integer(Attr.FRAMED_PROTOCOL)).isEqualTo(Attr.FRAMED_PROTOCOL_PPP);
    assertThat(Cidr.parse("10.64.0.0/16").contains((int) a.integer(Attr.FRAMED_IP_ADDRESS))).isTrue();
    assertThat(a.integer(Attr.SESSION_TIMEOUT)).isEqualTo(86400);
    assertThat(a.integer(Attr.ACCT_INTERIM_INTERVAL)).isEqualTo(300);
    assertThat(a.firstVendor(Attr.VENDOR_MICROSOFT, Attr.MS_PRIMARY_DNS)).isPresent();
    byte[] raw = send(RadiusServer.Port.AUTH, LNS_ADDR, req).get(0); // duplicate: replayed from cache
    int ma = RadiusCodec.offsetOf(raw, Attr.MESSAGE_AUTHENTICATOR);
    assertThat(ma).isEqualTo(20);
    assertThat(RadiusSigner.verifyMessageAuthenticator(raw, raw.length, ma, java.util.Arrays.copyOfRange(req, 4, 20), LNS_SECRET)).isTrue();
  }

  @Test
  void lns_sameUser_getsSameAddress_whileLeaseLives() throws Exception {
    long first = answer(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER)), PASSWORD, true), LNS_SECRET).integer(Attr.FRAMED_IP_ADDRESS);
    long second = answer(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 2, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER)), PASSWORD, true), LNS_SECRET).integer(Attr.FRAMED_IP_ADDRESS);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void lns_chap_withChallengeAttribute_andWithRequestAuthenticator() throws Exception {
    byte[] challenge = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] resp = Chap.response(5, PASSWORD.getBytes(StandardCharsets.US_ASCII), challenge);
    byte[] chap = new byte[17];
    chap[0] = 5;
    System.arraycopy(resp, 0, chap, 1, 16);
    byte[] req = request(RadiusCode.ACCESS_REQUEST, 3, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER), RadiusAttribute.of(Attr.CHAP_PASSWORD, chap), RadiusAttribute.of(Attr.CHAP_CHALLENGE, challenge)), null, true);
    assertThat(answer(RadiusServer.Port.AUTH, LNS_ADDR, req, LNS_SECRET).code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);

    chap[1] ^= 1;
    byte[] bad = request(RadiusCode.ACCESS_REQUEST, 4, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER), RadiusAttribute.of(Attr.CHAP_PASSWORD, chap), RadiusAttribute.of(Attr.CHAP_CHALLENGE, challenge)), null, true);
    RadiusPacket reject = answer(RadiusServer.Port.AUTH, LNS_ADDR, bad, LNS_SECRET);
    assertThat(reject.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
    assertThat(reject.attributes().get(0).type()).isEqualTo(Attr.MESSAGE_AUTHENTICATOR);
    assertThat(reject.text(Attr.REPLY_MESSAGE)).isEqualTo("authentication failed");
  }

  @Test
  void lac_accept_carriesTaggedTunnelAttributes_perEndpoint() throws Exception {
    byte[] req = request(RadiusCode.ACCESS_REQUEST, 1, LAC_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER),
        RadiusAttribute.vendor(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI, IMSI.getBytes(StandardCharsets.US_ASCII))), PASSWORD, true);
    RadiusPacket a = answer(RadiusServer.Port.AUTH, LAC_ADDR, req, LAC_SECRET);
    assertThat(a.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
    assertThat(a.all(Attr.TUNNEL_TYPE)).extracting(Tagged::tagOf).containsExactly(1, 2);
    assertThat(a.all(Attr.TUNNEL_TYPE)).extracting(Tagged::integerOf).containsOnly(Attr.TUNNEL_TYPE_L2TP);
    assertThat(a.all(Attr.TUNNEL_MEDIUM_TYPE)).extracting(Tagged::integerOf).containsOnly(Attr.TUNNEL_MEDIUM_IPV4);
    assertThat(a.all(Attr.TUNNEL_SERVER_ENDPOINT)).extracting(Tagged::textOf).containsExactly("127.0.0.1", "127.0.0.9");
    assertThat(a.all(Attr.TUNNEL_PREFERENCE)).extracting(Tagged::integerOf).containsExactly(1, 2);
    assertThat(a.all(Attr.TUNNEL_ASSIGNMENT_ID)).extracting(Tagged::textOf).containsOnly(DOMAIN);
    List<RadiusAttribute> pw = a.all(Attr.TUNNEL_PASSWORD);
    assertThat(pw).hasSize(2);
    assertThat(pw.get(0).value()[1] & 0x80).isEqualTo(0x80);
    assertThat(java.util.Arrays.copyOfRange(pw.get(0).value(), 1, 3)).isNotEqualTo(java.util.Arrays.copyOfRange(pw.get(1).value(), 1, 3));
    byte[] ra = java.util.Arrays.copyOfRange(req, 4, 20);
    assertThat(new String(PasswordHiding.revealTunnelPassword(pw.get(0).value(), ra, LAC_SECRET), StandardCharsets.UTF_8)).isEqualTo("tunnel-secret");
    assertThat(a.has(Attr.FRAMED_IP_ADDRESS)).isFalse();
  }

  @Test
  void lac_rejects_unknownDomain_unknownUser_wrongImsi() throws Exception {
    record Case(String user, List<RadiusAttribute> extra, String message) {}
    int id = 10;
    for (Case c : List.of(
        new Case("t1@OTHER.VPDN", List.of(), "unknown VPDN domain"),
        new Case("nobody@" + DOMAIN, List.of(), "authentication failed"),
        new Case(USER, List.of(RadiusAttribute.text(Attr.CALLING_STATION_ID, "460039999999999")), "SIM not bound to this user"),
        new Case(USER, List.of(RadiusAttribute.vendor(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI, "460039999999999".getBytes())), "SIM not bound to this user"),
        new Case("t10000002@" + DOMAIN, List.of(), "terminal or SIM suspended"))) {
      List<RadiusAttribute> attrs = new ArrayList<>(c.extra());
      attrs.add(0, RadiusAttribute.text(Attr.USER_NAME, c.user()));
      RadiusPacket r = answer(RadiusServer.Port.AUTH, LAC_ADDR, request(RadiusCode.ACCESS_REQUEST, id++, LAC_SECRET, attrs, PASSWORD, true), LAC_SECRET);
      assertThat(r.code()).as(c.user()).isEqualTo(RadiusCode.ACCESS_REJECT);
      assertThat(r.text(Attr.REPLY_MESSAGE)).as(c.user()).isEqualTo(c.message());
    }
    assertThat(f.meters.get("posnet_aaa_requests").tag("role", "lac").tag("result", "reject").counter().count()).isEqualTo(5);
  }

  @Test
  void msisdnAsCallingStationId_isAccepted() throws Exception {
    byte[] req = request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER), RadiusAttribute.text(Attr.CALLING_STATION_ID, "8613300000001")), PASSWORD, true);
    assertThat(answer(RadiusServer.Port.AUTH, LNS_ADDR, req, LNS_SECRET).code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
  }

  @Test
  void missingMessageAuthenticator_wrongSecret_unknownClient_areDroppedAndCounted() {
    List<RadiusAttribute> user = List.of(RadiusAttribute.text(Attr.USER_NAME, USER));
    assertThat(send(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, user, PASSWORD, false))).isEmpty();
    assertThat(dropped("missing_message_authenticator")).isEqualTo(1);
    assertThat(send(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 2, SharedSecret.of("wrong"), user, PASSWORD, true))).isEmpty();
    assertThat(dropped("bad_authenticator")).isEqualTo(1);
    assertThat(send(RadiusServer.Port.AUTH, Cidr.parseAddress("127.0.0.77"), request(RadiusCode.ACCESS_REQUEST, 3, LNS_SECRET, user, PASSWORD, true))).isEmpty();
    assertThat(dropped("unknown_client")).isEqualTo(1);
    // Accounting-Request on the auth port and Access-Request on the accounting port: not served there.
    assertThat(send(RadiusServer.Port.ACCT, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 4, LNS_SECRET, user, PASSWORD, true))).isEmpty();
    assertThat(dropped("unknown_code")).isEqualTo(1);
  }

  @Test
  void withoutTheRequirement_anAccessRequestWithoutMessageAuthenticatorIsAnswered() throws Exception {
    Fixtures lenient = new Fixtures(false);
    byte[] req = request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER)), PASSWORD, false);
    List<byte[]> replies = new ArrayList<>();
    lenient.server.handle(RadiusServer.Port.AUTH, LNS_ADDR, 1, req, req.length, replies::add);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0)[0]).isEqualTo((byte) RadiusCode.ACCESS_ACCEPT);
  }

  @Test
  void statusServer_isAnsweredWithAccessAccept_andNeedsMessageAuthenticator() throws Exception {
    RadiusPacket a = answer(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.STATUS_SERVER, 9, LNS_SECRET, List.of(), null, true), LNS_SECRET);
    assertThat(a.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
    assertThat(send(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.STATUS_SERVER, 10, LNS_SECRET, List.of(), null, false))).isEmpty();
    RadiusPacket acct = answer(RadiusServer.Port.ACCT, LNS_ADDR, request(RadiusCode.STATUS_SERVER, 11, LNS_SECRET, List.of(), null, true), LNS_SECRET);
    assertThat(acct.code()).isEqualTo(RadiusCode.ACCOUNTING_RESPONSE);
  }

  @Test
  void proxyState_isEchoedInOrder_andTooManyAreDropped() throws Exception {
    List<RadiusAttribute> attrs = new ArrayList<>(List.of(RadiusAttribute.text(Attr.USER_NAME, USER),
        RadiusAttribute.of(Attr.PROXY_STATE, new byte[] {1, 1}), RadiusAttribute.of(Attr.PROXY_STATE, new byte[] {2, 2})));
    RadiusPacket a = answer(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, attrs, PASSWORD, true), LNS_SECRET);
    assertThat(a.all(Attr.PROXY_STATE)).extracting(x -> x.value()[0]).containsExactly((byte) 1, (byte) 2);
    for (int i = 0; i < 9; i++) attrs.add(RadiusAttribute.of(Attr.PROXY_STATE, new byte[] {9}));
    assertThat(send(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 2, LNS_SECRET, attrs, PASSWORD, true))).isEmpty();
    assertThat(dropped("too_many_proxy_state")).isEqualTo(1);
  }

  @Test
  void duplicate_withSameAuthenticator_getsIdenticalBytes_newAuthenticatorIsNewRequest() {
    byte[] req = request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER)), PASSWORD, true);
    byte[] first = send(RadiusServer.Port.AUTH, LNS_ADDR, req).get(0);
    byte[] again = send(RadiusServer.Port.AUTH, LNS_ADDR, req).get(0);
    assertThat(again).isEqualTo(first);
    assertThat(f.meters.get("posnet_aaa_requests").tag("role", "lns").tag("result", "accept").counter().count()).isEqualTo(1);
    byte[] fresh = request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER)), PASSWORD, true);
    assertThat(send(RadiusServer.Port.AUTH, LNS_ADDR, fresh).get(0)).isNotEqualTo(first);
    assertThat(f.meters.get("posnet_aaa_requests").tag("role", "lns").tag("result", "accept").counter().count()).isEqualTo(2);
  }

  @Test
  void accounting_startInterimStop_areSessions_idempotent_andFreeTheAddress() throws Exception {
    long ip = answer(RadiusServer.Port.AUTH, LNS_ADDR, request(RadiusCode.ACCESS_REQUEST, 1, LNS_SECRET, List.of(RadiusAttribute.text(Attr.USER_NAME, USER)), PASSWORD, true), LNS_SECRET).integer(Attr.FRAMED_IP_ADDRESS);
    List<RadiusAttribute> base = List.of(RadiusAttribute.text(Attr.USER_NAME, USER), RadiusAttribute.text(Attr.ACCT_SESSION_ID, "S1"),
        RadiusAttribute.ipv4(Attr.FRAMED_IP_ADDRESS, (int) ip), RadiusAttribute.text(Attr.CALLING_STATION_ID, IMSI),
        RadiusAttribute.vendor(Attr.VENDOR_3GPP2, Attr.V3GPP2_BSID, "BS-0460-0001".getBytes()));
    acct(Attr.ACCT_START, 1, base);
    acct(Attr.ACCT_START, 2, base); // a second Start with a new identifier: same session
    assertThat(f.accounting.activeCount()).isEqualTo(1);
    AcctSession s = f.store.all().iterator().next();
    assertThat(s.terminalId()).isEqualTo("10000001");
    assertThat(s.imsi()).isEqualTo(IMSI);
    assertThat(s.location()).isEqualTo("bsid:BS-0460-0001");
    List<RadiusAttribute> interim = new ArrayList<>(base);
    interim.add(RadiusAttribute.integer(Attr.ACCT_INPUT_OCTETS, 1000));
    interim.add(RadiusAttribute.integer(Attr.ACCT_INPUT_GIGAWORDS, 1));
    acct(Attr.ACCT_INTERIM, 3, interim);
    assertThat(f.store.all().iterator().next().inputOctets()).isEqualTo((1L << 32) + 1000);
    acct(Attr.ACCT_STOP, 4, base);
    acct(Attr.ACCT_STOP, 5, base); // the NAS sends the Stop again under a new identifier: stored, not announced twice
    assertThat(f.accounting.activeCount()).isZero();
    assertThat(f.store.all().iterator().next().state()).isEqualTo(AcctSession.State.STOPPED);
    assertThat(f.events).extracting(SessionEvent::type).containsExactly(SessionEvent.Type.STARTED, SessionEvent.Type.UPDATED, SessionEvent.Type.STOPPED);
    assertThat(f.pools.of(DOMAIN).inUse()).isZero();
  }

  @Test
  void accountingOn_closesAllSessionsOfThatNas() throws Exception {
    for (int i = 0; i < 3; i++) {
      acct(Attr.ACCT_START, i, List.of(RadiusAttribute.text(Attr.USER_NAME, USER), RadiusAttribute.text(Attr.ACCT_SESSION_ID, "S" + i)));
    }
    assertThat(f.accounting.activeCount()).isEqualTo(3);
    acct(Attr.ACCT_ON, 9, List.of());
    assertThat(f.accounting.activeCount()).isZero();
    assertThat(f.store.all()).extracting(AcctSession::state).containsOnly(AcctSession.State.STOPPED);
  }

  @Test
  void accounting_withWrongAuthenticator_isDropped_andWhenStorageFailsNoAnswerIsSent() throws Exception {
    byte[] req = request(RadiusCode.ACCOUNTING_REQUEST, 1, SharedSecret.of("wrong"), List.of(RadiusAttribute.integer(Attr.ACCT_STATUS_TYPE, 1), RadiusAttribute.text(Attr.ACCT_SESSION_ID, "X")), null, false);
    assertThat(send(RadiusServer.Port.ACCT, LNS_ADDR, req)).isEmpty();
    f.store.failWrites(true);
    byte[] ok = request(RadiusCode.ACCOUNTING_REQUEST, 2, LNS_SECRET, List.of(RadiusAttribute.integer(Attr.ACCT_STATUS_TYPE, 1), RadiusAttribute.text(Attr.ACCT_SESSION_ID, "Y"), RadiusAttribute.text(Attr.USER_NAME, USER)), null, false);
    List<byte[]> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
    f.server.handle(RadiusServer.Port.ACCT, LNS_ADDR, 1, ok, ok.length, replies::add);
    Thread.sleep(300);
    assertThat(replies).isEmpty();
    assertThat(dropped("overload")).isEqualTo(1);
    f.store.failWrites(false);
    f.server.handle(RadiusServer.Port.ACCT, LNS_ADDR, 1, ok, ok.length, replies::add); // the NAS retransmits
    waitFor(() -> replies.size() == 1);
    assertThat(f.store.all()).hasSize(1);
  }

  private void acct(int status, int id, List<RadiusAttribute> attrs) throws Exception {
    List<RadiusAttribute> all = new ArrayList<>();
    all.add(RadiusAttribute.integer(Attr.ACCT_STATUS_TYPE, status));
    all.addAll(attrs);
    byte[] req = request(RadiusCode.ACCOUNTING_REQUEST, id, LNS_SECRET, all, null, false);
    List<byte[]> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
    f.server.handle(RadiusServer.Port.ACCT, LNS_ADDR, 40000, req, req.length, replies::add);
    waitFor(() -> replies.size() == 1);
    byte[] r = replies.get(0);
    assertThat(r[0]).isEqualTo((byte) RadiusCode.ACCOUNTING_RESPONSE);
    assertThat(RadiusSigner.verifyResponse(r, r.length, java.util.Arrays.copyOfRange(req, 4, 20), LNS_SECRET)).isTrue();
  }

  private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
      Thread.sleep(5);
    }
  }
}
