package io.sopflow.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Output kept for the deployment log: at most {@code limit} characters, with a note when more was cut off. */
final class CapturedOutput {

  private static final int MARKER_ROOM = 80;

  private CapturedOutput() {}

  static String truncate(String text, int limit) {
    if (text == null) {
      return "";
    }
    if (text.length() <= limit) {
      return text;
    }
    int keep = Math.max(0, limit - MARKER_ROOM);
    return text.substring(0, keep) + "\n... [truncated, " + text.length() + " characters in total]";
  }

  /** Reads a stream to its end, keeping only the first bytes that can show (the rest is drained and counted). */
  static String drain(InputStream in, int limit) {
    int keepBytes = limit * 4;
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long total = 0;
    byte[] buffer = new byte[8192];
    try (in) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        if (kept.size() < keepBytes) {
          kept.write(buffer, 0, Math.min(read, keepBytes - kept.size()));
        }
        total += read;
      }
    } catch (IOException e) {
      // The process was killed (timeout) or closed its stream: keep what was read.
      if (kept.size() == 0) {
        throw new UncheckedIOException(e);
      }
    }
    String text = kept.toString(StandardCharsets.UTF_8);
    if (total > kept.size() || text.length() > limit) {
      return text.substring(0, Math.min(text.length(), Math.max(0, limit - MARKER_ROOM)))
          + "\n... [truncated, " + total + " bytes in total]";
    }
    return text;
  }
}
