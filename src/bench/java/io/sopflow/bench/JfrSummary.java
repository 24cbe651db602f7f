package io.sopflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot spots of a JFR recording (the same data as {@code jfr print --events jdk.ExecutionSample}, counted): the methods
 * on top of the sampled stacks, the first SOPFlow frame and the first Camunda frame of each stack, and where the
 * samples' threads spent their time by kind of work (SQL driver, Camunda, Hibernate, Spring Security, ...).
 */
final class JfrSummary {

  private JfrSummary() {}

  static Map<String, Object> summarise(Path recording, int top) {
    Map<String, Integer> topFrames = new HashMap<>();
    Map<String, Integer> sopflowFrames = new HashMap<>();
    Map<String, Integer> camundaFrames = new HashMap<>();
    Map<String, Integer> areas = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Double> waitsBySopflowFrame = new HashMap<>();
    Map<String, Double> waitsByKind = new HashMap<>();
    int samples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String eventType = event.getEventType().getName();
        if (WAITS.contains(eventType)) {
          wait(event, eventType, waitsBySopflowFrame, waitsByKind);
          continue;
        }
        if (!"jdk.ExecutionSample".equals(eventType)) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        topFrames.merge(name(frames.get(0)), 1, Integer::sum);
        String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"), 1, Integer::sum);
        String sopflow = null;
        String camunda = null;
        for (RecordedFrame frame : frames) {
          String type = frame.getMethod().getType().getName();
          if (sopflow == null && type.startsWith("io.sopflow.")) {
            sopflow = name(frame);
          }
          if (camunda == null && type.startsWith("org.camunda.")) {
            camunda = name(frame);
          }
        }
        if (sopflow != null) {
          sopflowFrames.merge(sopflow, 1, Integer::sum);
        }
        if (camunda != null) {
          camundaFrames.merge(camunda, 1, Integer::sum);
        }
        areas.merge(area(frames), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("recording", recording.getFileName().toString());
    summary.put("executionSamples", samples);
    summary.put("byArea", percentages(areas, samples, 12));
    summary.put("topFramesSelf", percentages(topFrames, samples, top));
    summary.put("firstSopflowFrame", percentages(sopflowFrames, samples, top));
    summary.put("firstCamundaFrame", percentages(camundaFrames, samples, top));
    summary.put("threads", percentages(threads, samples, 8));
    summary.put("blockedSecondsByKind", seconds(waitsByKind, 10));
    summary.put("blockedSecondsByFirstSopflowFrame", seconds(waitsBySopflowFrame, top));
    return summary;
  }

  /** Blocking events JFR records above its threshold (settings "profile": 10 ms): monitor waits, parks, socket reads. */
  private static final java.util.Set<String> WAITS = java.util.Set.of("jdk.JavaMonitorWait", "jdk.JavaMonitorEnter",
      "jdk.ThreadPark", "jdk.SocketRead");

  /**
   * Time request and job threads spent blocked, attributed to the first SOPFlow frame of the stack (e.g. a lock on a
   * row, an H2 MVStore lock wait, a socket read from MariaDB). Idle pool threads (no SOPFlow or Camunda frame) are left
   * out.
   */
  private static void wait(RecordedEvent event, String type, Map<String, Double> bySopflow, Map<String, Double> byKind) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null) {
      return;
    }
    String sopflow = null;
    boolean engine = false;
    String kind = null;
    for (RecordedFrame frame : stack.getFrames()) {
      String typeName = frame.getMethod().getType().getName();
      if (kind == null && (typeName.startsWith("org.h2.") || typeName.startsWith("com.mysql.") || typeName.startsWith("com.zaxxer."))) {
        kind = type + " in " + (typeName.startsWith("org.h2.") ? "H2" : typeName.startsWith("com.zaxxer.") ? "Hikari (waiting for a connection)" : "Connector/J (database round trip)");
      }
      if (sopflow == null && typeName.startsWith("io.sopflow.") && !typeName.contains("PersonCommandRetry")
          && !typeName.contains("EngineAuthenticationFilter")) {
        sopflow = name(frame);
      }
      if (typeName.startsWith("org.camunda.") || typeName.startsWith("io.sopflow.")) {
        engine = true;
      }
    }
    if (!engine) {
      return;
    }
    double seconds = event.getDuration().toNanos() / 1e9;
    byKind.merge(kind != null ? kind : type, seconds, Double::sum);
    if (sopflow != null) {
      bySopflow.merge(sopflow, seconds, Double::sum);
    }
  }

  private static Map<String, Object> seconds(Map<String, Double> totals, int limit) {
    Map<String, Object> result = new LinkedHashMap<>();
    totals.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
        .forEach(e -> result.put(e.getKey(), Latency.round(e.getValue())));
    return result;
  }

  /** The library a stack's sample is charged to: that of its innermost frame that has one ({@link ProfileSummary}). */
  private static String area(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String library = ProfileSummary.library(frame.getMethod().getType().getName());
      if (library != null) {
        return library;
      }
    }
    return "JVM and JDK (other)";
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type + "." + frame.getMethod().getName();
  }

  private static Map<String, Object> percentages(Map<String, Integer> counts, int total, int limit) {
    Map<String, Object> result = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
        .forEach(e -> result.put(e.getKey(), Latency.round(100.0 * e.getValue() / Math.max(1, total))));
    return result;
  }
}
