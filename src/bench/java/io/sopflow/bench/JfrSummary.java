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
    int samples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
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
    return summary;
  }

  /** The kind of work a stack does, by its innermost recognisable frame. */
  private static String area(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("com.mysql.") || type.startsWith("org.h2.") || type.startsWith("com.zaxxer.")) {
        return "JDBC driver / database (" + (type.startsWith("org.h2.") ? "H2 in-process" : type.startsWith("com.zaxxer.") ? "Hikari" : "Connector/J") + ")";
      }
      if (type.startsWith("org.apache.ibatis.")) {
        return "MyBatis (Camunda persistence)";
      }
      if (type.startsWith("org.hibernate.")) {
        return "Hibernate (JPA)";
      }
      if (type.startsWith("liquibase.")) {
        return "Liquibase";
      }
      if (type.startsWith("com.fasterxml.jackson.")) {
        return "Jackson (JSON)";
      }
      if (type.startsWith("org.springframework.security.") || type.startsWith("org.camunda.bpm.engine.impl.digest")
          || type.startsWith("sun.security.") || type.contains("MessageDigest")) {
        return "authentication / password hashing";
      }
      if (type.startsWith("jakarta.mail.") || type.startsWith("org.eclipse.angus.") || type.startsWith("com.sun.mail.")) {
        return "JavaMail";
      }
      if (type.startsWith("io.sopflow.")) {
        return "SOPFlow code";
      }
      if (type.startsWith("org.camunda.")) {
        return "Camunda engine / REST";
      }
      if (type.startsWith("org.apache.catalina.") || type.startsWith("org.apache.tomcat.") || type.startsWith("org.apache.coyote.")) {
        return "Tomcat";
      }
      if (type.startsWith("org.springframework.")) {
        return "Spring";
      }
    }
    return "other (JDK, GC helpers, JIT)";
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
