package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AaaBenchTest {

    @Test
    void runsEveryTargetWithTheSameUsersAndComparesThemWithTheFirst() throws Exception {
        Path markdown = Files.createTempFile("aaa-bench", ".md");
        AaaBench.Options options = AaaBench.Options.smoke().withUsers(1_000)
                .withPhases(Duration.ofMillis(200), Duration.ofMillis(700)).withLoad(32, 2, 1)
                .withMarkdown(markdown);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        AaaBench.Result result = AaaBench.run(options, List.of(
                new FakeRadiusServer("a", 0, 0), new FakeRadiusServer("b", 0, 0)),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(result.targets()).hasSize(2);
        assertThat(result.targets()).allSatisfy(t -> {
            assertThat(t.load().accepts()).isPositive();
            assertThat(t.load().serverCpuNanos()).isPositive();
            assertThat(t.heapUsedBytes()).isPositive();
        });
        assertThat(result.totalLost()).isZero();
        assertThat(result.ratio()).isPositive().isFinite();
        assertThat(result.table()).contains("| target | auth/s | vs fake |", "| fake |");
        assertThat(Files.readString(markdown)).contains("### AAA: fake vs fake", "1,000 users", result.table());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("starting fake");
        Files.delete(markdown);
    }

    @Test
    void smokePresetIsSmallAndTheDefaultsAreTheIssuesBenchmark() {
        assertThat(AaaBench.Options.smoke().users()).isEqualTo(10_000);
        assertThat(AaaBench.Options.smoke().duration()).isEqualTo(Duration.ofSeconds(3));
        AaaBench.Options d = AaaBench.Options.defaults();
        assertThat(d.users()).isEqualTo(1_000_000);
        assertThat(d.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.inFlight()).isEqualTo(256);
    }
}
