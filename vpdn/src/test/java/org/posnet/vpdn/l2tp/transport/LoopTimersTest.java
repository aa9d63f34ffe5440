package org.posnet.vpdn.l2tp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopTimersTest {
  @Test
  void longTimersFireOnTheWheel_cancelledOnesNever_andShortOnesStayExact() throws Exception {
    EventLoopGroup group = Udp.newGroup(1);
    try {
      EventLoop loop = group.next();
      List<String> fired = new CopyOnWriteArrayList<>();
      long slow = LoopTimers.SLOW_NANOS;
      long began = System.nanoTime();
      loop.submit(() -> {
        LoopTimers.schedule(loop, () -> fired.add("a"), slow);
        LoopTimers.Timeout b = LoopTimers.schedule(loop, () -> fired.add("b"), slow);
        LoopTimers.Timeout c = LoopTimers.schedule(loop, () -> fired.add("c"), slow + LoopTimers.TICK_NANOS);
        // a fired task cancels a timer of the same slot: it must not run, and the rest of the slot still fires
        LoopTimers.schedule(loop, () -> { fired.add("d"); b.cancel(); }, slow);
        c.cancel();
        LoopTimers.schedule(loop, () -> fired.add("short"), TimeUnit.MILLISECONDS.toNanos(10));
      }).sync();
      long deadline = System.nanoTime() + slow + TimeUnit.SECONDS.toNanos(3);
      while (fired.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300);
      assertThat(fired.get(0)).isEqualTo("short");
      assertThat(fired).contains("a", "d").doesNotContain("c");
      // b shares a slot with d: it ran before d or was cancelled by it, never after
      if (fired.contains("b")) {
        assertThat(fired.indexOf("b")).isLessThan(fired.indexOf("d"));
      }
      assertThat(System.nanoTime() - began).isGreaterThanOrEqualTo(slow);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
