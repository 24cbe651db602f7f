package io.sopflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationPropertiesTest {

  @Test
  void defaultsDispatchEverySecondWithAMinuteLeaseAndRetryForAboutADay() {
    NotificationProperties defaults = NotificationProperties.defaults();

    assertThat(defaults.dispatchInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.batchSize()).isEqualTo(20);
    assertThat(defaults.lease()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.maxAttempts()).isEqualTo(1440);
    assertThat(defaults.nodeId()).isNotBlank().hasSizeLessThanOrEqualTo(60);
  }

  @Test
  void backoffDoublesFromTheInitialWaitUpToItsCap() {
    NotificationProperties defaults = NotificationProperties.defaults();

    assertThat(java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(defaults::backoffAfter))
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(40), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
    assertThat(defaults.backoffAfter(100_000)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void refusesValuesThatCannotWorkAtStartUp() {
    assertThatThrownBy(() -> new NotificationProperties(null, 0, null, null, null, null, null))
        .hasMessageContaining("batch-size");
    assertThatThrownBy(() -> new NotificationProperties(null, null, Duration.ZERO, null, null, null, null))
        .hasMessageContaining("lease");
    assertThatThrownBy(() -> new NotificationProperties(null, null, null, Duration.ofMinutes(2), null, null, null))
        .hasMessageContaining("max-backoff");
    assertThatThrownBy(() -> new NotificationProperties(null, null, null, null, null, 0, null))
        .hasMessageContaining("max-attempts");
  }
}
