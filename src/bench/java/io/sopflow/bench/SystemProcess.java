package io.sopflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One system under test in its own JVM (same java binary, same JVM flags for both systems). */
final class SystemProcess implements AutoCloseable {

  private final Process process;
  private final Http http;
  private final long startupMillis;
  private final Path log;

  private SystemProcess(Process process, Http http, long startupMillis, Path log) {
    this.process = process;
    this.http = http;
    this.startupMillis = startupMillis;
    this.log = log;
  }

  /** Starts the JVM and waits until {@code /actuator/health} says UP; the time to that moment is the start-up time. */
  static SystemProcess start(Target target, String classpath, List<String> jvmOptions, Database database,
      int smtpPort, Path log, Duration timeout) {
    int port = freePort();
    try {
      long start = System.nanoTime();
      Process process = launch(target, classpath, jvmOptions, database, port, smtpPort, log);
      Http http = new Http("http://127.0.0.1:" + port);
      long deadline = start + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(target.name() + " exited with " + process.exitValue() + " during start-up; see " + log);
        }
        Http.Answer health = http.getAnonymous("/actuator/health", Duration.ofSeconds(2));
        if (health.status() == 200 && health.body().contains("\"status\":\"UP\"")) {
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          return new SystemProcess(process, http, millis, log);
        }
        Thread.sleep(100);
      }
      process.destroyForcibly();
      throw new IllegalStateException(target.name() + " did not report health UP within " + timeout + "; see " + log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The training run of class-data sharing, as the image's build does it (Dockerfile): the system starts with
   * {@code -XX:ArchiveClassesAtExit}, stops as soon as its context is refreshed ({@code spring.context.exit=onRefresh}),
   * and the JVM writes the classes it loaded to {@code archive}. Every entry of {@code classpath} must be a jar. Returns
   * the time the training took.
   */
  static long trainClassDataSharing(Target target, String classpath, List<String> jvmOptions, Database database,
      int smtpPort, Path archive, Path log, Duration timeout) {
    List<String> jvm = new ArrayList<>(jvmOptions);
    jvm.add("-XX:ArchiveClassesAtExit=" + archive);
    jvm.add("-Dspring.context.exit=onRefresh");
    Process process = null;
    try {
      Files.createDirectories(archive.getParent());
      Files.deleteIfExists(archive);
      long start = System.nanoTime();
      process = launch(target, classpath, jvm, database, freePort(), smtpPort, log);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            target.name() + ": the class-data sharing training run took over " + timeout + "; see " + log);
      }
      if (process.exitValue() != 0 || !Files.exists(archive)) {
        throw new IllegalStateException(target.name() + ": the class-data sharing training run exited with "
            + process.exitValue() + " and " + (Files.exists(archive) ? "an" : "no") + " archive; see " + log);
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static Process launch(Target target, String classpath, List<String> jvmOptions, Database database, int port,
      int smtpPort, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(target.mainClass());
    command.addAll(target.arguments(database, port, smtpPort));
    command.add("--spring.output.ansi.enabled=never");
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
  }

  Http http() {
    return http;
  }

  long startupMillis() {
    return startupMillis;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /**
   * CPU time the JVM has used so far (all its threads, user + system), in ms, from /proc/<pid>/stat (clock ticks of
   * 10 ms). Much less sensitive to other load on the machine than wall time.
   */
  long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ": state is field 3, utime field 14, stime field 15 (proc(5)).
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Resident set size in MB, from /proc/<pid>/status (VmRSS). */
  double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  /** Used heap in MB from Micrometer ({@code jvm.memory.used}, area heap), as a manager. */
  double heapUsedMb() {
    Http.Answer answer = http.get("manager", "/actuator/metrics/jvm.memory.used?tag=area:heap");
    if (!answer.ok()) {
      return -1;
    }
    return answer.json().path("measurements").path(0).path("value").asDouble() / (1024.0 * 1024.0);
  }

  /** A full GC through jcmd (to see the live heap rather than garbage not collected yet). */
  void fullGc() {
    jcmd("GC.run");
  }

  /**
   * The live set in MB: the bytes of every reachable object, as {@code jcmd GC.class_histogram} counts them (it runs
   * a full GC first and walks only live objects). Unlike the heap used read after a full GC, it does not include what
   * the application allocated between the collection and the reading.
   */
  double liveSetMb() {
    for (String line : jcmd("GC.class_histogram").split("\\R")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 3 && fields[0].equals("Total")) {
        return Long.parseLong(fields[2]) / (1024.0 * 1024.0);
      }
    }
    return -1;
  }

  /** Starts async-profiler's agent in this JVM (loaded on first use): CPU time of every thread, one sample a ms. */
  void startProfile(Path agent) {
    profiler(agent, "start,event=cpu,interval=1ms");
  }

  /** Stops the profile started by {@link #startProfile} and writes its stacks, collapsed, to {@code file}. */
  void stopProfile(Path agent, Path file) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    profiler(agent, "stop,collapsed,file=" + file);
  }

  private void profiler(Path agent, String command) {
    // Quoted: jcmd would read "event=cpu" as an argument of its own.
    String output = jcmd("JVMTI.agent_load " + agent + " \"" + command + "\"");
    if (!output.strip().endsWith("return code: 0")) {
      throw new IllegalStateException("async-profiler " + command + ": " + output.strip());
    }
  }

  private String jcmd(String command) {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid()), command).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      jcmd.waitFor(60, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** SIGTERM (graceful shutdown; a JFR recording is dumped on exit), then SIGKILL after a minute. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A port nothing listens on now (the systems' HTTP port, the harness's SMTP sink). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
