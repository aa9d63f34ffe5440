package org.posnet.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void next_isA26CharacterCrockfordId() {
    String id = EventIds.next();
    assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(EventIds.millisOf(id)).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
  }

  @Test
  void idsWithinOneMillisecond_sortInCreationOrder() {
    EventIds ids = new EventIds(() -> 1_700_000_000_000L, new Random(1));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.nextId());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(EventIds.millisOf(made.get(9_999))).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void idsAcrossMilliseconds_sortByTime_evenWhenTheClockStepsBack() {
    AtomicLong now = new AtomicLong(1_700_000_000_000L);
    EventIds ids = new EventIds(now::get, new Random(2));
    String a = ids.nextId();
    now.addAndGet(1);
    String b = ids.nextId();
    now.addAndGet(-10_000); // NTP stepped the clock back
    String c = ids.nextId();
    assertThat(List.of(a, b, c)).isSorted().doesNotHaveDuplicates();
    assertThat(EventIds.millisOf(c)).isEqualTo(1_700_000_000_001L);
  }

  @Test
  void encoding_carriesIntoTheHigherRandomBits() {
    // A random source that starts the low 64 bits at their maximum forces a carry on the next id.
    Random maxed = new Random() {
      @Override
      public long nextLong() {
        return -1L; // >>> 1 in the generator leaves 0x7FFF...; increments must still sort
      }

      @Override
      public int nextInt() {
        return 0;
      }
    };
    EventIds ids = new EventIds(() -> 5L, maxed);
    String a = ids.nextId();
    String b = ids.nextId();
    String c = ids.nextId();
    assertThat(List.of(a, b, c)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void concurrentIds_areUnique() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 20_000; i++) {
          seen.add(EventIds.next());
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(80_000);
  }
}
