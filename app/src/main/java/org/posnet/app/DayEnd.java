package org.posnet.app;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.posnet.host.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 日切: closes the business day at midnight in the host's zone, and at start closes the day before if
 * the host was down over midnight. A day already closed is refused by the ledger and left alone.
 */
final class DayEnd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DayEnd.class);

  private final Ledger ledger;
  private final ZoneId zone;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "day-end");
    t.setDaemon(true);
    return t;
  });

  DayEnd(Ledger ledger, ZoneId zone, Clock clock) {
    this.ledger = ledger;
    this.zone = zone;
    this.clock = clock;
    timer.execute(this::closeYesterday);
    scheduleNext();
  }

  private void scheduleNext() {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
    ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(zone);
    timer.schedule(() -> {
      closeYesterday();
      scheduleNext();
    }, Duration.between(now, midnight).toMillis() + 1, TimeUnit.MILLISECONDS);
  }

  private void closeYesterday() {
    LocalDate yesterday = LocalDate.now(clock.withZone(zone)).minusDays(1);
    try {
      ledger.cutover(yesterday);
    } catch (IllegalStateException e) {
      log.info("event=day_end_skipped business_date={} reason=\"{}\"", yesterday, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("event=day_end_failed business_date={} error=\"{}\"", yesterday, e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
