package org.posnet.vpdn.l2tp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.posnet.vpdn.l2tp.codec.Avp;
import org.posnet.vpdn.l2tp.codec.AvpType;
import org.posnet.vpdn.l2tp.codec.ControlMessage;
import org.posnet.vpdn.l2tp.codec.DataMessage;
import org.posnet.vpdn.l2tp.codec.L2tpCodec;
import org.posnet.vpdn.l2tp.codec.MessageType;
import org.posnet.vpdn.l2tp.codec.ResultCode;
import org.posnet.vpdn.l2tp.control.IncomingCall;
import org.posnet.vpdn.l2tp.control.Role;

/** Bad datagrams at the socket: counted drops or the protocol's answer, and the endpoint keeps serving. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class L2tpEndpointTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  L2tpEndpoint lns;
  DatagramSocket lac;

  static final TunnelEvents QUIET = new TunnelEvents() {
    @Override
    public void tunnelUp(L2tpTunnel tunnel) {}

    @Override
    public void tunnelDown(L2tpTunnel tunnel, ResultCode reason) {}

    @Override
    public void sessionUp(L2tpTunnel tunnel, int localSessionId, IncomingCall call) {}

    @Override
    public void sessionDown(L2tpTunnel tunnel, int localSessionId, ResultCode reason) {}

    @Override
    public void frameReceived(L2tpTunnel tunnel, int localSessionId, byte[] pppFrame) {}
  };

  @BeforeEach
  void start() throws Exception {
    TunnelAdmission admission = (host, from) -> host.equals("PDSN-HZ-01")
        ? Optional.of(TunnelTiming.rfc().controlConfig("bank-lns", "tunnel-secret", 4, 10, false)) : Optional.empty();
    lns = new L2tpEndpoint(new L2tpEndpoint.Options("127.0.0.3", 0, Role.LNS, 1), QUIET, admission, meters, null);
    lac = new DatagramSocket(new InetSocketAddress("127.0.0.4", 0));
    lac.setSoTimeout(5_000);
  }

  @AfterEach
  void stop() {
    lns.close();
    lac.close();
  }

  void send(byte[] datagram) throws Exception {
    lac.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.3", lns.port())));
  }

  ControlMessage receive() throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    lac.receive(p);
    return (ControlMessage) L2tpCodec.decode(Arrays.copyOf(buf, p.getLength()), null);
  }

  static byte[] sccrq(String host, int tunnelId) {
    return L2tpCodec.encode(ControlMessage.builder(MessageType.SCCRQ).add(Avp.protocolVersion())
        .text(AvpType.HOST_NAME, host).uint32(AvpType.FRAMING_CAPABILITIES, 3)
        .uint16(AvpType.ASSIGNED_TUNNEL_ID, tunnelId).build(), null);
  }

  double dropped(String reason) {
    return meters.get("posnet_l2tp_dropped").tag("reason", reason).counter().count();
  }

  @Test
  void garbageUnknownTunnelsAndSessions_areCountedDrops() throws Exception {
    send(new byte[] {1, 2, 3});
    send(new byte[] {(byte) 0xc8, 0x07, 0, 12, 0, 9, 0, 0, 0, 0, 0, 0}); // version 7
    send(L2tpCodec.encode(ControlMessage.zlb(999, 0, 0), null));
    send(L2tpCodec.encode(DataMessage.of(0, 5, new byte[] {(byte) 0xff, 0x03, (byte) 0xc0, 0x21})));
    // a good SCCRQ afterwards is still answered: nothing above broke the endpoint
    send(sccrq("PDSN-HZ-01", 7));
    ControlMessage sccrp = receive();
    assertThat(sccrp.is(MessageType.SCCRP)).isTrue();
    assertThat(sccrp.tunnelId()).isEqualTo(7);
    assertThat(dropped("malformed")).isEqualTo(1);
    // the tunnel id is read before the rest: a bad version to no tunnel is an unknown tunnel
    assertThat(dropped("unknown_tunnel")).isEqualTo(3);
  }

  @Test
  void sccrqFromAnUnknownLac_isRefusedWithStopCcnResult4() throws Exception {
    send(sccrq("SOMEONE-ELSE", 9));
    ControlMessage stop = receive();
    assertThat(stop.is(MessageType.STOPCCN)).isTrue();
    assertThat(stop.tunnelId()).isEqualTo(9);
    assertThat(stop.resultCode()).get().extracting(ResultCode::result).isEqualTo(ResultCode.STOPCCN_NOT_AUTHORIZED);
    assertThat(dropped("unknown_lac")).isEqualTo(1);
  }

  @Test
  void sccrqBeyondTheTunnelLimit_isRefusedWithStopCcn2Error4() throws Exception {
    send(sccrq("PDSN-HZ-01", 7));
    assertThat(receive().is(MessageType.SCCRP)).isTrue();
    send(sccrq("PDSN-HZ-01", 8));
    ControlMessage stop = receive();
    assertThat(stop.is(MessageType.STOPCCN)).isTrue();
    assertThat(stop.resultCode()).get().extracting(ResultCode::errorCode).isEqualTo(ResultCode.ERROR_INSUFFICIENT_RESOURCES);
    assertThat(dropped("tunnel_limit")).isEqualTo(1);
  }

  @Test
  void retransmittedSccrq_findsItsTunnel_insteadOfOpeningAnother() throws Exception {
    send(sccrq("PDSN-HZ-01", 7));
    assertThat(receive().is(MessageType.SCCRP)).isTrue();
    send(sccrq("PDSN-HZ-01", 7));
    ControlMessage again = receive(); // the same connection acknowledges the duplicate
    assertThat(again.tunnelId()).isEqualTo(7);
    assertThat(again.isZlb() || again.is(MessageType.SCCRP)).isTrue();
    assertThat(lns.eventLoop().submit(() -> lns.tunnels().size()).get()).isEqualTo(1);
  }
}
