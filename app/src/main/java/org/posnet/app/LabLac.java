package org.posnet.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.netty.channel.EventLoopGroup;
import org.posnet.aaa.client.RadiusClient;
import org.posnet.aaa.codec.SharedSecret;
import org.posnet.common.config.ConfigException;
import org.posnet.common.fleet.NasClient;
import org.posnet.common.fleet.NasRole;
import org.posnet.common.fleet.VpdnDomain;
import org.posnet.vpdn.l2tp.transport.Udp;
import org.posnet.vpdn.lac.Lac;
import org.posnet.vpdn.lac.LacConfig;
import org.posnet.vpdn.lac.RadiusCarrierAaa;

/**
 * A carrier LAC of our own, for labs, the demo and {@code posnet dial}: the fleet's {@code role: lac}
 * NAS is its identity towards the (carrier) AAA, and it sends from that address. Real carriers run
 * their own LACs; this one stands in for them.
 */
final class LabLac implements AutoCloseable {
  /**
   * Host Name when the domain lists no LAC: a name no domain lists, so the LNS admits us by the
   * rule for domains with an empty {@code tunnel.lacs} (any LAC that proves the password).
   */
  static final String UNLISTED_HOST_NAME = "posnet-lab-lac";

  private final Lac lac;
  private final RadiusCarrierAaa carrier;
  private final EventLoopGroup loop;

  private LabLac(Lac lac, RadiusCarrierAaa carrier, EventLoopGroup loop) {
    this.lac = lac;
    this.carrier = carrier;
    this.loop = loop;
  }

  /**
   * @param hostName our Host Name AVP; the LNS picks the tunnel secret by it
   * @param lnsPort where the LNS listens (the carrier AAA names only its address)
   */
  static LabLac start(List<NasClient> nasClients, String fallbackBind, String hostName, AaaEndpoints aaa, int lnsPort,
      MeterRegistry meters) throws InterruptedException {
    NasIdentity nas = NasIdentity.of(nasClients, NasRole.LAC, fallbackBind).orElseThrow(() -> new ConfigException(
        "the fleet has no RADIUS client with role lac, so the carrier AAA would not answer a LAC: add one under vpdn.nas and provision"));
    SharedSecret secret = SharedSecret.of(nas.secret());
    // the LAC and its carrier RADIUS client on one event loop: a call's carrier answer needs no hand-over
    EventLoopGroup loop = Udp.newGroup(1);
    RadiusCarrierAaa carrier = null;
    try {
      carrier = new RadiusCarrierAaa(aaa.auth().stream().map(a -> new RadiusClient.Server(a, secret)).toList(),
          new RadiusClient.Options(Duration.ofSeconds(2), 2, nas.bind()), hostName, loop);
      return new LabLac(new Lac(LacConfig.of(nas.bind(), hostName).withLnsPort(lnsPort), carrier, meters, loop), carrier, loop);
    } catch (RuntimeException | InterruptedException e) {
      if (carrier != null) {
        carrier.close();
      }
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * The Host Name that lets this LAC tunnel for {@code domain}: the first of its {@code tunnel.lacs},
   * else {@link #UNLISTED_HOST_NAME}.
   */
  static String hostNameFor(VpdnDomain domain) {
    return domain.tunnel().lacs().isEmpty() ? UNLISTED_HOST_NAME : domain.tunnel().lacs().get(0);
  }

  /** For a LAC that serves the whole fleet: the first LAC host name any domain lists. */
  static String hostNameFor(List<VpdnDomain> domains) {
    return domains.stream().flatMap(d -> d.tunnel().lacs().stream()).findFirst().orElse(UNLISTED_HOST_NAME);
  }

  Lac lac() {
    return lac;
  }

  int port() {
    return lac.port();
  }

  /** StopCCN to every LNS, then the carrier AAA client. */
  @Override
  public void close() {
    lac.close();
    carrier.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
