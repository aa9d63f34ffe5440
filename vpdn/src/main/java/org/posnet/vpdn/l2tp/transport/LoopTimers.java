package org.posnet.vpdn.l2tp.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timers of calls on an event loop. Short ones (PPP restart, retransmission) go to Netty's scheduler
 * as before; long ones ({@link #SLOW_NANOS} and more: LCP echo keepalive, Interim-Update) go to a
 * wheel of {@link #TICK_NANOS} ticks per loop instead. Every online call holds such a timer for its
 * whole life, so with them Netty's timer heap held one or two entries per call (200,000 in an LNS
 * with 100,000 calls) and every short timer set up or cancelled during a call paid ~18 levels of a
 * heap that size (a few percent of both JVMs' CPU in the LNS benchmark). On the wheel adding and
 * cancelling cost O(1); a long timer fires up to one tick late.
 */
public final class LoopTimers {
  private static final Logger log = LoggerFactory.getLogger(LoopTimers.class);
  /** Timers at least this long go to the wheel. */
  static final long SLOW_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int SLOTS = 1024;
  private static final FastThreadLocal<Wheel> WHEELS = new FastThreadLocal<>();

  /** A timer that may still be cancelled; cancelling one that fired or was cancelled does nothing. */
  @FunctionalInterface
  public interface Timeout {
    void cancel();
  }

  private LoopTimers() {}

  /** Runs {@code task} on {@code loop} after {@code delayNanos}. Call on {@code loop} for the wheel. */
  public static Timeout schedule(EventLoop loop, Runnable task, long delayNanos) {
    if (delayNanos < SLOW_NANOS || !loop.inEventLoop()) {
      ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }
    Wheel w = WHEELS.get();
    if (w == null || w.loop != loop) {
      w = new Wheel(loop);
      WHEELS.set(w);
    }
    return w.add(task, delayNanos);
  }

  /** A timer on the wheel: a node of its slot's doubly linked list, unlinked when cancelled or fired. */
  private static final class Entry implements Timeout {
    final Wheel wheel;
    final long deadlineTick;
    Runnable task;
    Entry prev;
    Entry next;
    int slot = -1;

    Entry(Wheel wheel, Runnable task, long deadlineTick) {
      this.wheel = wheel;
      this.task = task;
      this.deadlineTick = deadlineTick;
    }

    @Override
    public void cancel() {
      if (slot >= 0) {
        wheel.unlink(this); // drops the task (and what it holds, a whole call) at once
      }
      task = null;
    }
  }

  /** Hashed wheel of {@link #SLOTS} slots; one Netty timer (the next tick) while it holds entries. */
  private static final class Wheel {
    final EventLoop loop;
    final long origin = System.nanoTime();
    final Entry[] heads = new Entry[SLOTS];
    final java.util.ArrayList<Entry> due = new java.util.ArrayList<>();
    long processed;
    int size;
    boolean ticking;

    Wheel(EventLoop loop) {
      this.loop = loop;
      this.processed = (System.nanoTime() - origin) / TICK_NANOS;
    }

    Entry add(Runnable task, long delayNanos) {
      long deadline = System.nanoTime() - origin + delayNanos;
      long tick = Math.max(processed + 1, (deadline + TICK_NANOS - 1) / TICK_NANOS);
      Entry e = new Entry(this, task, tick);
      link(e, (int) (tick % SLOTS));
      if (!ticking) {
        ticking = true;
        loop.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
      }
      return e;
    }

    private void link(Entry e, int slot) {
      e.slot = slot;
      e.prev = null;
      e.next = heads[slot];
      if (e.next != null) {
        e.next.prev = e;
      }
      heads[slot] = e;
      size++;
    }

    void unlink(Entry e) {
      if (e.prev != null) {
        e.prev.next = e.next;
      } else {
        heads[e.slot] = e.next;
      }
      if (e.next != null) {
        e.next.prev = e.prev;
      }
      e.prev = null;
      e.next = null;
      e.slot = -1;
      size--;
    }

    void tick() {
      long now = (System.nanoTime() - origin) / TICK_NANOS;
      while (processed < now) {
        processed++;
        int slot = (int) (processed % SLOTS);
        // unlink what is due first, then run it: a task may cancel or add timers, in this slot too
        due.clear();
        for (Entry e = heads[slot]; e != null; e = e.next) {
          if (e.deadlineTick <= processed) {
            due.add(e);
          }
        }
        for (Entry e : due) {
          unlink(e);
        }
        for (Entry e : due) {
          Runnable task = e.task; // null when an earlier task of this tick cancelled it
          e.task = null;
          if (task != null) {
            try {
              task.run();
            } catch (RuntimeException ex) {
              log.warn("event=timer_task_failed error={}", ex.toString());
            }
          }
        }
      }
      due.clear();
      if (size > 0) {
        loop.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
      } else {
        ticking = false;
      }
    }
  }
}
