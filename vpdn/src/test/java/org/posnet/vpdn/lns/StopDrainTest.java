package org.posnet.vpdn.lns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shutdown wait for Accounting-Stops grows with their number and ends early only when the AAA is silent. */
class StopDrainTest {
  private final ScheduledExecutorService aaa = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    aaa.shutdownNow();
  }

  private List<CompletableFuture<Object>> pending(int n) {
    List<CompletableFuture<Object>> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new CompletableFuture<>());
    }
    return l;
  }

  /** Answers one request every {@code everyMillis}, in order, from the "AAA" thread. */
  private void answerSlowly(List<CompletableFuture<Object>> l, long everyMillis) {
    for (int i = 0; i < l.size(); i++) {
      CompletableFuture<Object> f = l.get(i);
      aaa.schedule(() -> f.complete("Accounting-Response"), (i + 1) * everyMillis, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void waitsPastTheBaseForEveryStop_whileTheAaaKeepsAnswering() throws Exception {
    // 40 Stops answered over ~800 ms: a fixed 100 ms wait (the old behaviour, scaled down) would keep ~5
    StopDrain drain = new StopDrain(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2),
        Duration.ofMillis(200));
    List<CompletableFuture<Object>> l = pending(40);
    answerSlowly(l, 20);

    StopDrain.Outcome o = drain.await(l);

    assertThat(o.complete()).isTrue();
    assertThat(o.settled()).isEqualTo(40);
    assertThat(o.failed()).isZero();
    assertThat(o.millis()).isGreaterThan(100);
    assertThat(l).allMatch(CompletableFuture::isDone);
  }

  @Test
  void failedStopsCountAsSettled_soTheWaitDoesNotHangOnThem() throws Exception {
    StopDrain drain = new StopDrain(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(2),
        Duration.ofMillis(200));
    List<CompletableFuture<Object>> l = pending(10);
    for (int i = 0; i < l.size(); i++) {
      CompletableFuture<Object> f = l.get(i);
      boolean fail = i % 2 == 0;
      aaa.schedule(() -> fail ? f.completeExceptionally(new java.io.IOException("no answer"))
          : f.complete("ok"), 10L * (i + 1), TimeUnit.MILLISECONDS);
    }

    StopDrain.Outcome o = drain.await(l);

    assertThat(o.complete()).isTrue();
    assertThat(o.failed()).isEqualTo(5);
  }

  @Test
  void givesUpAfterTheStall_whenTheAaaGoesSilent() throws Exception {
    StopDrain drain = new StopDrain(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(300),
        Duration.ofMillis(100));
    List<CompletableFuture<Object>> l = pending(5);
    l.get(0).complete("ok");
    l.get(1).complete("ok");

    long t0 = System.nanoTime();
    StopDrain.Outcome o = drain.await(l);
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(o.complete()).isFalse();
    assertThat(o.settled()).isEqualTo(2);
    assertThat(ms).isBetween(250L, 5_000L);
  }

  @Test
  void boundIsProportionalToTheCount_evenWhileAnswersTrickleIn() throws Exception {
    // answers keep coming (never a stall) but too slowly: the bound base + n × perRequest ends the wait
    StopDrain drain = new StopDrain(Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(5),
        Duration.ofMillis(100));
    List<CompletableFuture<Object>> l = pending(20);
    answerSlowly(l, 50); // 1 s in all, against a bound of 100 + 20 × 10 = 300 ms

    assertThat(drain.bound(20)).isEqualTo(Duration.ofMillis(300));
    StopDrain.Outcome o = drain.await(l);

    assertThat(o.complete()).isFalse();
    assertThat(o.settled()).isBetween(3, 12);
    assertThat(o.millis()).isBetween(250L, 2_000L);
    assertThat(StopDrain.production().bound(100_000)).isEqualTo(Duration.ofSeconds(205));
  }
}
