package io.sopflow.problem;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Recurrence detection: {@code threshold} incidents on one configuration item reported within {@code window} propose
 * a problem (one per item and window).
 *
 * <pre>
 * sopflow.problem.recurrence.threshold=3
 * sopflow.problem.recurrence.window=P7D
 * </pre>
 */
@ConfigurationProperties("sopflow.problem")
public record ProblemProperties(Recurrence recurrence) {

  public ProblemProperties {
    recurrence = recurrence == null ? new Recurrence(null, null) : recurrence;
  }

  public static ProblemProperties defaults() {
    return new ProblemProperties(null);
  }

  public record Recurrence(Integer threshold, Duration window) {

    public Recurrence {
      threshold = threshold == null ? 3 : threshold;
      window = window == null ? Duration.ofDays(7) : window;
      if (threshold < 2) {
        throw new IllegalArgumentException("sopflow.problem.recurrence.threshold must be at least 2, not " + threshold);
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("sopflow.problem.recurrence.window must be positive, not " + window);
      }
    }
  }
}
