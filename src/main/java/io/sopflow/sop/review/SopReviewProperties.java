package io.sopflow.sop.review;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The periodic review of the SOPs: {@code sopflow.sops.review.interval} (default {@code P1Y}; a model may set its own
 * with the process property {@code reviewInterval}), checked every {@code scheduler-tick} (default 10 min) on every
 * node while {@code schedule-enabled} (default true; the tests drive the scheduler themselves).
 */
@ConfigurationProperties("sopflow.sops.review")
public record SopReviewProperties(Period interval, Duration schedulerTick, Boolean scheduleEnabled) {

  public SopReviewProperties {
    interval = interval == null ? Period.ofYears(1) : interval;
    ReviewIntervals.requireValid(interval, "sopflow.sops.review.interval");
    schedulerTick = schedulerTick == null ? Duration.ofMinutes(10) : schedulerTick;
    scheduleEnabled = scheduleEnabled == null || scheduleEnabled;
  }
}
