package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator against the real FreeRADIUS 3.2: the independent check of our packet encoding (FreeRADIUS
 * accepts the right password, rejects the wrong one and drops anything it cannot authenticate). Skipped only
 * on a developer machine without Debian's freeradius; in CI (CI=true) it must run and fails if missing.
 */
class FreeRadiusPeerTest {

    private static final BenchUsers USERS = new BenchUsers(2_000);

    @BeforeAll
    static void freeRadiusInstalledOrInCi() {
        assumeTrue(FreeRadiusPeer.installed() || "true".equals(System.getenv("CI")),
                "no /usr/sbin/freeradius (apt-get install freeradius) and not in CI");
    }

    @Test
    void acceptsTheRightPasswordAndRejectsTheWrongOneWithoutLosingAny() throws Exception {
        // A sized receive buffer: this test checks correctness, not FreeRADIUS's stock-buffer drops.
        FreeRadiusPeer peer = new FreeRadiusPeer(FreeRadiusPeer.Settings.defaults().withReceiveBufferBytes(4 << 20));
        LoadResult r;
        long pid;
        try (peer) {
            RadiusEndpoint endpoint = peer.start(USERS);
            pid = peer.pid();
            r = new RadiusLoadGenerator(LoadSettings.defaults()
                    .withPhases(Duration.ofMillis(500), Duration.ofSeconds(2))
                    .withInFlight(64)
                    .withWrongPasswordEvery(10))
                    .run(endpoint, USERS, () -> ProcessStats.cpuNanos(pid));
        }
        assertThat(r.accepts()).isPositive();
        assertThat(r.rejects()).isPositive();
        assertThat(r.unexpected()).isZero();
        assertThat(r.bad()).isZero();
        assertThat(r.lost()).isZero();
        assertThat(r.serverCpuNanos()).isPositive();
        assertThat(ProcessHandle.of(pid)).as("stopped").matches(h -> h.isEmpty() || !h.get().isAlive());
    }

    @Test
    void dropsRequestsUnderAWrongSecret() throws Exception {
        try (FreeRadiusPeer peer = new FreeRadiusPeer(FreeRadiusPeer.Settings.defaults())) {
            RadiusEndpoint endpoint = peer.start(USERS);
            LoadResult r = new RadiusLoadGenerator(LoadSettings.defaults()
                    .withPhases(Duration.ZERO, Duration.ofMillis(500))
                    .withTimeout(Duration.ofMillis(300))
                    .withInFlight(8)
                    .withSockets(1, 1))
                    .run(new RadiusEndpoint(endpoint.host(), endpoint.port(), "not-the-secret"), USERS, () -> -1);
            // The Message-Authenticator fails under the wrong secret, so FreeRADIUS stays silent.
            assertThat(r.completed()).isZero();
            assertThat(r.lost()).isPositive();
        }
    }

    @Test
    void writesAUsersFileEntryWithTheLnsReplyAttributes() throws Exception {
        Path file = Files.createTempFile("users", "");
        try {
            FreeRadiusUsersFile.write(file, new BenchUsers(2));
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(0)).isEqualTo("t00000001@POSBANK.133VPDN.SX Cleartext-Password := \""
                    + USERS.password(1) + "\", Calling-Station-Id == \"460030000000001\"");
            assertThat(lines.subList(1, 7)).containsExactly(
                    "\tService-Type = Framed-User,", "\tFramed-Protocol = PPP,", "\tFramed-IP-Address = 10.64.0.1,",
                    "\tFramed-IP-Netmask = 255.255.255.255,", "\tSession-Timeout = 86400,",
                    "\tAcct-Interim-Interval = 300");
            assertThat(lines).hasSize(16);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void configurationHasNothingSlowInTheRequestPath() {
        String conf = new FreeRadiusConfig(Path.of("/tmp/x"), 18120, "s", "127.0.0.0/8", 2, 0).render();
        assertThat(conf).contains("files", "pap", "require_message_authenticator = yes", "reject_delay = 0",
                "max_servers = 2", "port = 18120");
        assertThat(conf).doesNotContain("detail", "linelog", "sql", "eap", "recv_buff", "/etc/freeradius");
        assertThat(new FreeRadiusConfig(Path.of("/tmp/x"), 18120, "s", "127.0.0.0/8", 2, 1 << 22).render())
                .contains("recv_buff = 4194304");
    }
}
