package io.sopflow.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One clock for engine and domain: the domain reads the engine's {@link ClockUtil}, so due dates computed by the SLA
 * service and the timers that enforce them agree, also when a test moves the engine's time.
 */
@Configuration
class ClockConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return new EngineClock(ZoneOffset.UTC);
  }

  static final class EngineClock extends Clock {
    private final ZoneId zone;

    EngineClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new EngineClock(zone);
    }

    @Override
    public Instant instant() {
      return ClockUtil.now().toInstant();
    }
  }
}
