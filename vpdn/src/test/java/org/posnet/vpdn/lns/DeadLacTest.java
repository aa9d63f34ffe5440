package org.posnet.vpdn.lns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.posnet.aaa.accounting.AcctSession;
import org.posnet.aaa.accounting.SessionEvent;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.vpdn.l2tp.transport.TunnelTiming;
import org.posnet.vpdn.lab.AaaWorld;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.RadiusCarrierAaa;
import org.posnet.vpdn.lac.Terminal;

/** A LAC that stops answering is found out by HELLO and retransmission, and its calls are accounted as stopped. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadLacTest {
  /** HELLO after 300 ms of silence, then 100+200+200+200 ms of retransmissions: dead within 1 s. */
  static final TunnelTiming LNS_TIMING = new TunnelTiming(Duration.ofMillis(100), Duration.ofMillis(200), 3, Duration.ofMillis(300));

  @Test
  void deadLac_isDetectedWithinTheBound_andEachCallGetsAccountingStop() throws Exception {
    try (AaaWorld aaa = new AaaWorld();
         RadiusClient auth = aaa.lnsClient(aaa.auth());
         RadiusClient acct = aaa.lnsClient(aaa.acct())) {
      Lns lns = new Lns(LnsConfig.of("127.0.0.3", "bank-lns",
              List.of(new TunnelDomain(AaaWorld.DOMAIN, AaaWorld.TUNNEL_SECRET, List.of())), AaaWorld.LNS_SECRET)
          .withPorts(0, -1).withTiming(LNS_TIMING), auth, acct, new SimpleMeterRegistry());
      aaa.endpoints(List.of("127.0.0.3:" + lns.port()));
      try (RadiusCarrierAaa carrier = new RadiusCarrierAaa(List.of(new RadiusClient.Server(aaa.auth(), AaaWorld.LAC_SECRET)),
          new RadiusClient.Options(Duration.ofMillis(500), 2, AaaWorld.LAC_NAS), AaaWorld.LAC_HOST)) {
        Lac lac = new Lac(LacConfig.of("127.0.0.4", AaaWorld.LAC_HOST), carrier, new SimpleMeterRegistry());
        new Terminal(lac, new Terminal.Sim(AaaWorld.USER, AaaWorld.PASSWORD, AaaWorld.IMSI), s -> { })
            .dial().get(10, TimeUnit.SECONDS);
        new Terminal(lac, new Terminal.Sim(AaaWorld.USER2, AaaWorld.PASSWORD, AaaWorld.IMSI2), s -> { })
            .dial().get(10, TimeUnit.SECONDS);
        aaa.await(e -> e.type() == SessionEvent.Type.STARTED && e.session().user().equals(AaaWorld.USER2), Duration.ofSeconds(10));
        assertThat(lac.endpoint().tunnelsUp()).as("both calls share one tunnel").isEqualTo(1);
        assertThat(lns.sessionsOnline()).isEqualTo(2);

        long diedAt = System.nanoTime();
        lac.crash();
        Duration bound = LNS_TIMING.deadPeerBound();
        aaa.await(e -> e.type() == SessionEvent.Type.STOPPED && e.session().user().equals(AaaWorld.USER), bound.plusSeconds(5));
        aaa.await(e -> e.type() == SessionEvent.Type.STOPPED && e.session().user().equals(AaaWorld.USER2), bound.plusSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - diedAt);

        // the bound, plus one accounting round trip on loopback
        assertThat(took).isLessThan(bound.plusMillis(1_000));
        Set<Integer> causes = aaa.events.stream().filter(e -> e.type() == SessionEvent.Type.STOPPED)
            .map(SessionEvent::session).map(AcctSession::terminateCause).collect(Collectors.toSet());
        assertThat(causes).containsExactly(LnsCall.CAUSE_LOST_SERVICE);
        assertThat(lns.tunnels()).isZero();
        assertThat(lns.sessionsOnline()).isZero();
      } finally {
        lns.close();
      }
    }
  }
}
