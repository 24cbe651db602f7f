package io.sopflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Machine, JVM and source revision of a run. */
final class Environment {

  private Environment() {}

  static Map<String, Object> describe(BenchConfig config) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("startedAt", Instant.now().toString());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("nproc", Runtime.getRuntime().availableProcessors());
    machine.put("memoryTotalMb", memTotalMb());
    machine.put("cpuModel", cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    meta.put("machine", machine);
    Map<String, Object> jvm = new LinkedHashMap<>();
    jvm.put("version", System.getProperty("java.runtime.version"));
    jvm.put("vendor", System.getProperty("java.vendor"));
    jvm.put("vm", System.getProperty("java.vm.name"));
    jvm.put("home", System.getProperty("java.home"));
    meta.put("jvm", jvm);
    Map<String, Object> git = new LinkedHashMap<>();
    git.put("commit", command("git", "rev-parse", "HEAD"));
    git.put("branch", command("git", "rev-parse", "--abbrev-ref", "HEAD"));
    String status = command("git", "status", "--porcelain", "--untracked-files=no");
    git.put("dirty", status != null && !status.isBlank());
    meta.put("git", git);
    meta.put("versions", Map.of("springBoot", "3.5.5", "camunda", "7.24.0"));
    meta.put("loadAverageAtStart", loadAverage());
    meta.put("config", config.describe());
    return meta;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return null;
    }
  }

  private static Long memTotalMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return null;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String command(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
