package io.sopflow.release;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ReleaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ReleaseConfiguration.class);

  /**
   * Until an adapter to the change SOP is wired in, no change is known, so every release request is refused (422):
   * failing closed is the only safe default for "the change must be approved".
   */
  @Bean
  @ConditionalOnMissingBean(ChangeLookup.class)
  ChangeLookup noChangeLookup() {
    log.warn("No ChangeLookup adapter is configured: release requests will be refused (change unknown)");
    return new ChangeLookup() {
      @Override
      public Optional<LinkedChange> find(String changeNumber) {
        return Optional.empty();
      }

      @Override
      public void recordOutcome(String changeNumber, String releaseKey, String outcome) {
        log.warn("Outcome {} of {} not recorded on {}: no ChangeLookup adapter", outcome, releaseKey, changeNumber);
      }
    };
  }
}
