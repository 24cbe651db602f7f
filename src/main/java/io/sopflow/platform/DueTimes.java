package io.sopflow.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * Due times of cron schedules that run once across all nodes (backup verifications, the monthly SLA report): every
 * node computes the same last due time from the same expression, and a unique key in the database decides which node
 * runs it. No clock agreement or leader is needed.
 */
public final class DueTimes {

  /** A node that was down when a run fell due catches up with that one run, not with every missed one. */
  public static final Duration CATCH_UP = Duration.ofDays(1);

  private DueTimes() {}

  /** The latest time of {@code cron} not after {@code now}, within {@link #CATCH_UP}; null if none. */
  public static Instant lastDue(CronExpression cron, Instant now, ZoneId zone) {
    ZonedDateTime end = now.atZone(zone);
    ZonedDateTime next = cron.next(now.minus(CATCH_UP).atZone(zone));
    ZonedDateTime last = null;
    while (next != null && !next.isAfter(end)) {
      last = next;
      next = cron.next(next);
    }
    return last == null ? null : last.toInstant();
  }
}
