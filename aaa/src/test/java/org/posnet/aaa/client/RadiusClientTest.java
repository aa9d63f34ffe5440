package org.posnet.aaa.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.RadiusCode;
import org.posnet.aaa.codec.RadiusPacket;
import org.posnet.aaa.server.Fixtures;
import org.posnet.aaa.server.RadiusServer;
import org.posnet.aaa.transport.RadiusUdpServer;

/** The client against our real UDP server on loopback: answers, retries, failover, wrong secret. */
class RadiusClientTest {

  @Test
  void papAndChapAccess_andStatusServer_getVerifiedReplies() throws Exception {
    Fixtures f = new Fixtures(true);
    try (RadiusUdpServer udp = new RadiusUdpServer(f.server, new RadiusUdpServer.Options("127.0.0.1", 0, 0, 1, 1 << 20));
         RadiusClient client = new RadiusClient(List.of(new RadiusClient.Server(new InetSocketAddress("127.0.0.1", udp.authPort()), Fixtures.LAC_SECRET)), RadiusClient.Options.defaults())) {
      RadiusPacket accept = client.send(RadiusCode.ACCESS_REQUEST, List.of(RadiusAttribute.text(Attr.USER_NAME, Fixtures.USER)), Fixtures.PASSWORD.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
      assertThat(accept.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
      RadiusPacket reject = client.send(RadiusCode.ACCESS_REQUEST, List.of(RadiusAttribute.text(Attr.USER_NAME, Fixtures.USER)), "bad".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
      assertThat(reject.code()).isEqualTo(RadiusCode.ACCESS_REJECT);
      assertThat(client.send(RadiusCode.STATUS_SERVER, List.of(), null).get(5, TimeUnit.SECONDS).code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
    }
  }

  @Test
  void deadFirstServer_isRetriedThenFailedOver() throws Exception {
    Fixtures f = new Fixtures(true);
    try (DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
         RadiusUdpServer udp = new RadiusUdpServer(f.server, new RadiusUdpServer.Options("127.0.0.1", 0, 0, 1, 1 << 20));
         RadiusClient client = new RadiusClient(List.of(
             new RadiusClient.Server(new InetSocketAddress("127.0.0.1", blackHole.getLocalPort()), Fixtures.LAC_SECRET),
             new RadiusClient.Server(new InetSocketAddress("127.0.0.1", udp.authPort()), Fixtures.LAC_SECRET)),
             new RadiusClient.Options(Duration.ofMillis(200), 2))) {
      AtomicInteger seen = new AtomicInteger();
      Thread counter = new Thread(() -> {
        byte[] buf = new byte[4096];
        try {
          blackHole.setSoTimeout(3000);
          while (true) {
            blackHole.receive(new DatagramPacket(buf, buf.length));
            seen.incrementAndGet();
          }
        } catch (Exception done) {
          // timeout or close ends the count
        }
      });
      counter.start();
      RadiusPacket r = client.send(RadiusCode.ACCESS_REQUEST, List.of(RadiusAttribute.text(Attr.USER_NAME, Fixtures.USER)), Fixtures.PASSWORD.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
      assertThat(r.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
      assertThat(seen.get()).as("original + 2 retransmissions to the dead server").isEqualTo(3);
    }
  }

  @Test
  void wrongSecret_endsInTimeout_notInAFalseAnswer() throws Exception {
    Fixtures f = new Fixtures(true);
    try (RadiusUdpServer udp = new RadiusUdpServer(f.server, new RadiusUdpServer.Options("127.0.0.1", 0, 0, 1, 1 << 20));
         RadiusClient client = new RadiusClient(List.of(new RadiusClient.Server(new InetSocketAddress("127.0.0.1", udp.authPort()),
             org.posnet.aaa.codec.SharedSecret.of("wrong"))), new RadiusClient.Options(Duration.ofMillis(100), 1))) {
      assertThatThrownBy(() -> client.send(RadiusCode.ACCESS_REQUEST, List.of(RadiusAttribute.text(Attr.USER_NAME, Fixtures.USER)), "x".getBytes()).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RadiusTimeoutException.class);
      assertThat(f.meters.get("posnet_aaa_dropped").tag("reason", "bad_authenticator").counter().count()).isEqualTo(2);
    }
  }

  @Test
  void accountingThroughTheUdpServer_isAnsweredAfterItIsStored() throws Exception {
    Fixtures f = new Fixtures(true);
    try (RadiusUdpServer udp = new RadiusUdpServer(f.server, new RadiusUdpServer.Options("127.0.0.2", 0, 0, 1, 1 << 20));
         RadiusClient client = new RadiusClient(List.of(new RadiusClient.Server(new InetSocketAddress("127.0.0.2", udp.acctPort()), Fixtures.LNS_SECRET)),
             new RadiusClient.Options(Duration.ofSeconds(2), 2, "127.0.0.2"))) {
      RadiusPacket r = client.send(RadiusCode.ACCOUNTING_REQUEST, List.of(RadiusAttribute.integer(Attr.ACCT_STATUS_TYPE, Attr.ACCT_START),
          RadiusAttribute.text(Attr.ACCT_SESSION_ID, "A1"), RadiusAttribute.text(Attr.USER_NAME, Fixtures.USER)), null).get(5, TimeUnit.SECONDS);
      assertThat(r.code()).isEqualTo(RadiusCode.ACCOUNTING_RESPONSE);
      assertThat(f.store.all()).hasSize(1);
    }
  }
}
