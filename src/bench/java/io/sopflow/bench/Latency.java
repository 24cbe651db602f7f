package io.sopflow.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/** Latencies of one kind of call (HdrHistogram, microseconds, 3 significant digits) and its failures. */
final class Latency {

  private final ConcurrentHistogram histogram = new ConcurrentHistogram(120_000_000L, 3);
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  void record(long nanos) {
    histogram.recordValue(Math.max(1, Math.min(nanos / 1000, 120_000_000L)));
  }

  void error() {
    errors.incrementAndGet();
  }

  void retry() {
    retries.incrementAndGet();
  }

  long count() {
    return histogram.getTotalCount();
  }

  double percentileMs(double percentile) {
    return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  Map<String, Object> summary() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("count", count());
    s.put("errors", errors.get());
    s.put("retriedConflicts", retries.get());
    s.put("p50Ms", round(percentileMs(50)));
    s.put("p95Ms", round(percentileMs(95)));
    s.put("p99Ms", round(percentileMs(99)));
    s.put("maxMs", round(count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0));
    return s;
  }

  static Object round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    return Math.round(value * 100.0) / 100.0;
  }
}
