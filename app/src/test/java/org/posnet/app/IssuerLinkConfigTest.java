package org.posnet.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.common.config.ConfigException;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.db.Database;
import org.posnet.common.fleet.FleetParser;
import org.posnet.common.fleet.FleetStore;
import org.posnet.sim.terminal.Card;
import org.posnet.sim.terminal.Exchange;
import org.posnet.sim.terminal.PosTerminal;
import org.posnet.sim.terminal.TerminalIdentity;

/**
 * {@code host.links} and {@code host.issuer} from posnet.yaml, with zone keys provisioned (sealed) from fleet files:
 * an acquirer node and an issuer-mode node as {@code posnet serve} builds them, a sale on a card of the issuer's
 * BIN approved through the link; and the operator errors (unknown key name, wrong check value, bad YAML).
 */
class IssuerLinkConfigTest {
    private static final String ZPK = "0123456789ABCDEFFEDCBA9876543210";
    private static final String ZAK = "89ABCDEF0123456776543210FEDCBA98";
    private static final String TMK = "11111111111111112222222222222222";
    private static final Card CARD = new Card(Card.withLuhn("625800123456789012"), "2812", "135790");

    @TempDir
    Path dir;
    private Node issuer;
    private Node acquirer;

    @AfterEach
    void stop() {
        if (acquirer != null) {
            acquirer.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    /** The ceremony's check value: 3DES of a zero block, first 3 bytes, computed here with JCE. */
    static String kcv(String hex) throws Exception {
        byte[] k = HexFormat.of().parseHex(hex);
        byte[] k3 = new byte[24];
        System.arraycopy(k, 0, k3, 0, 16);
        System.arraycopy(k, 0, k3, 16, 8);
        Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k3, "DESede"));
        return HexFormat.of().withUpperCase().formatHex(c.doFinal(new byte[8])).substring(0, 6);
    }

    private static String zoneKeys(String zpkKcv) throws Exception {
        return """
                zoneKeys:
                  - { name: cup-zpk, scheme: TDES_2KEY, key: %s, checkValue: "%s" }
                  - { name: cup-zak, scheme: TDES_2KEY, key: %s, checkValue: "%s" }
                """.formatted(ZPK, zpkKcv, ZAK, kcv(ZAK));
    }

    /** Provisions the fleet into the node's database, then starts the node from its posnet.yaml. */
    private Node node(String name, String fleetYaml, String configYaml) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        String yaml = "data: " + data + "\nhttp: { port: 0 }\nservers: [host]\n" + configYaml;
        PosnetConfig config = PosnetConfig.parse(name + ".yaml", yaml, Map.of());
        try (Database db = Database.open(config.database())) {
            new FleetStore(db, MasterKey.loadOrCreate(config.data())).upsert(FleetParser.parse(name + "-fleet.yaml", fleetYaml));
        }
        return new Node(config, config.servers());
    }

    private Node issuerNode(String zpkKcv) throws Exception {
        return node("issuer", """
                institution: { code: "48170000", name: 发卡行 }
                cards:
                  - { pan: "%s", expiry: "2812", pin: "%s", balance: "1000.00", kind: debit }
                """.formatted(CARD.pan(), CARD.pin()) + zoneKeys(zpkKcv), """
                host:
                  port: 0
                  issuer: { port: 0, zpk: cup-zpk, zoneMak: cup-zak }
                """);
    }

    private String acquirerFleet() throws Exception {
        return """
                institution: { code: "48160000", name: 收单行 }
                merchants:
                  - { id: "898110058120001", name: 川味小馆, mcc: "5812" }
                terminals:
                  - { id: "10000001", merchant: "898110058120001", keys: { scheme: 3DES, tmk: %s } }
                """.formatted(TMK) + zoneKeys(kcv(ZPK));
    }

    @Test
    void aSaleOnARemoteBin_isApprovedThroughTheConfiguredLink() throws Exception {
        issuer = issuerNode(kcv(ZPK));
        int issuerPort = issuer.port("issuer");
        assertThat(issuerPort).isPositive();
        assertThat(issuer.listeningLine()).contains("issuer=" + issuerPort);
        acquirer = node("acquirer", acquirerFleet(), """
                host:
                  port: 0
                  links:
                    - name: cup
                      bins: ["6258"]
                      host: 127.0.0.1
                      port: %d
                      timeout: 3s
                      zpk: cup-zpk
                      zoneMak: cup-zak
                      acquirerInstitution: "48160000"
                """.formatted(issuerPort));

        try (PosTerminal pos = new PosTerminal(new TerminalIdentity("10000001", "898110058120001", TMK),
                new java.net.InetSocketAddress("127.0.0.1", acquirer.port("host")), Duration.ofSeconds(5))) {
            assertThat(pos.signOn("003").code()).isEqualTo("00");
            Exchange sale = pos.sale(CARD, 12_345);
            assertThat(sale.code()).isEqualTo("00");
            assertThat(sale.reply().string(38)).hasSize(6);
            Exchange wrongPin = pos.sale(new Card(CARD.pan(), CARD.expiry(), "000000"), 100);
            assertThat(wrongPin.code()).as("the issuer checks the PIN under the zone key").isEqualTo("55");
        }
        long delta = issuer.host().authorizer().read(s -> s.account(CARD.pan()).deltaFen());
        assertThat(delta).isEqualTo(-12_345);
        assertThat(acquirer.host().linkReversals().getOrDefault("cup", Map.of())).doesNotContainKey("PENDING");
    }

    @Test
    void aZoneKeyWhoseCheckValueDisagrees_stopsTheStart_namingTheKey() {
        assertThatThrownBy(() -> issuerNode("ABCDEF")).hasMessageContaining("host.issuer.zpk")
                .hasMessageContaining("ABCDEF").hasMessageNotContaining(ZPK);
    }

    @Test
    void anUnprovisionedZoneKeyName_isAnOperatorError() {
        assertThatThrownBy(() -> node("acq", acquirerFleet(), """
                host:
                  links:
                    - { name: cup, bins: ["6258"], host: 127.0.0.1, port: 5900, zpk: no-such-key, acquirerInstitution: "48160000" }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("host.links[0].zpk")
                .hasMessageContaining("no-such-key");
    }

    private static String error(String yaml) {
        try {
            PosnetConfig.parse("posnet.yaml", yaml, Map.of());
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no config error for:\n" + yaml);
    }

    private static final String LINK = "host:\n  links:\n    - name: cup\n      host: 127.0.0.1\n      port: 5900\n"
            + "      zpk: cup-zpk\n      acquirerInstitution: \"48160000\"\n";

    @Test
    void badLinkKeys_areReportedWithTheirLineAndKey() {
        assertThat(error(LINK + "      bins: [\"62x8\"]\n")).startsWith("posnet.yaml:8:").contains("host.links[0].bins")
                .contains("62x8");
        assertThat(error(LINK + "      bins: [\"6258\"]\n      timeout: soon\n")).startsWith("posnet.yaml:9:")
                .contains("host.links[0].timeout");
        assertThat(error(LINK + "      bins: [\"6258\"]\n      zpkHex: \"0123\"\n")).startsWith("posnet.yaml:9:")
                .contains("zpkHex");
        assertThat(error(LINK.replace("      port: 5900\n", "") + "      bins: [\"6258\"]\n")).contains("host.links[0].port")
                .contains("required");
        assertThat(error("host:\n  issuer: { port: 5901 }\n")).startsWith("posnet.yaml:2:").contains("host.issuer.zpk");
        assertThat(error("host:\n  issuer: { port: 70000, zpk: k }\n")).contains("host.issuer.port");
        PosnetConfig ok = PosnetConfig.parse("posnet.yaml", """
                host:
                  links:
                    - { name: cup, bins: ["6258", "62"], host: 10.0.0.9, port: 5900, zpk: k1, acquirerInstitution: "1", retryMax: 2m }
                """, Map.of());
        PosnetConfig.HostLink link = ok.host().links().get(0);
        assertThat(link.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(link.retryMax()).isEqualTo(Duration.ofMinutes(2));
        assertThat(link.bins()).containsExactly("6258", "62");
        assertThat(link.zoneMak()).isNull();
        assertThat(ok.host().issuer()).isNull();
    }
}
