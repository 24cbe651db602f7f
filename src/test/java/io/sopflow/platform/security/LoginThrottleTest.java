package io.sopflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The delays of the login throttle, on a clock the test moves. */
class LoginThrottleTest {

  private Instant now = Instant.parse("2026-12-05T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final LoginThrottle throttle = new LoginThrottle(
      new LoginThrottleProperties(null, null, null, null, null, 3), clock);

  @Test
  void fiveFailuresAreFreeThenTheDelayDoublesUpToAMinuteAndEnds() {
    for (int i = 1; i <= 4; i++) {
      throttle.failed("10.0.0.1", "admin");
      assertThat(throttle.retryAfter("10.0.0.1", "admin")).as("after failure %d", i).isZero();
    }
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (long seconds : expected) {
      throttle.failed("10.0.0.1", "admin");
      assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(seconds));
    }
    now = now.plusSeconds(59);
    assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(1));
    now = now.plusSeconds(1);
    assertThat(throttle.retryAfter("10.0.0.1", "admin")).as("the delay ends").isZero();
  }

  @Test
  void onlyThatClientForThatAccountIsSlowedDown() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("10.0.0.1", "admin");
    }
    assertThat(throttle.retryAfter("10.0.0.1", "admin")).isPositive();
    assertThat(throttle.retryAfter("10.0.0.1", "ADMIN")).as("account names are not case-sensitive here").isPositive();
    assertThat(throttle.retryAfter("10.0.0.2", "admin")).isZero();
    assertThat(throttle.retryAfter("10.0.0.1", "desk")).isZero();
  }

  @Test
  void aSuccessOrAQuarterOfAnHourWithoutFailuresStartsAfresh() {
    for (int i = 0; i < 6; i++) {
      throttle.failed("10.0.0.1", "admin");
    }
    throttle.succeeded("10.0.0.1", "admin");
    assertThat(throttle.retryAfter("10.0.0.1", "admin")).isZero();
    throttle.failed("10.0.0.1", "admin");
    assertThat(throttle.retryAfter("10.0.0.1", "admin")).as("free attempts again").isZero();

    for (int i = 0; i < 10; i++) {
      throttle.failed("10.0.0.3", "desk");
    }
    now = now.plus(Duration.ofMinutes(16));
    throttle.failed("10.0.0.3", "desk");
    assertThat(throttle.retryAfter("10.0.0.3", "desk")).as("counted from one again").isZero();
  }

  @Test
  void aSprayOfAccountNamesKeepsMemoryBounded() {
    for (int i = 0; i < 100; i++) {
      now = now.plusMillis(1);
      throttle.failed("10.0.0.9", "user" + i);
    }
    // max-tracked is 3 in this test: the oldest pairs were forgotten, the newest kept.
    assertThat(throttle.tracked()).isLessThanOrEqualTo(3);
    for (int i = 0; i < 6; i++) {
      throttle.failed("10.0.0.9", "user99");
    }
    assertThat(throttle.retryAfter("10.0.0.9", "user99")).isPositive();
  }
}
