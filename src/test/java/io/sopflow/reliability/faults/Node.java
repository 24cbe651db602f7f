package io.sopflow.reliability.faults;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One SOPFlow node as a separate JVM ({@code java -cp ... io.sopflow.SopFlowApplication}), as in production. */
final class Node {

  final String name;
  final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Node(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  static Node start(String name, int port, String classpath, String jdbcUrl, int smtpPort, Path log,
      List<String> extraArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms256m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", classpath, "io.sopflow.SopFlowApplication",
        "--spring.profiles.active=mysql,demo",
        "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=root", "--spring.datasource.password=",
        "--spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect",
        "--server.port=" + port, "--sopflow.base-url=http://127.0.0.1:" + port,
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
        // The job log names the node that ran each job.
        "--camunda.bpm.generic-properties.properties.hostname=" + name,
        // ... and the notification outbox's claims (claimed_by = node:claim) name it too.
        "--sopflow.notification.node-id=" + name,
        "--spring.main.banner-mode=off", "--logging.level.root=warn", "--logging.level.io.sopflow=info"));
    command.addAll(extraArgs);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(new File(".")).start();
    return new Node(name, port, process);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code /actuator/health}'s status, or {@code UNREACHABLE}. */
  String health() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      // Spring Boot answers 200 for UP and 503 for DOWN / OUT_OF_SERVICE.
      return switch (response.statusCode()) {
        case 200 -> "UP";
        case 503 -> "DOWN";
        default -> "HTTP " + response.statusCode();
      };
    } catch (IOException e) {
      return "UNREACHABLE";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "UNREACHABLE";
    }
  }

  void awaitUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see its log");
      }
      if ("UP".equals(health())) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(name + " not UP after " + timeout);
  }

  /** {@code kill -9}: no shutdown hook, no graceful shutdown, locked jobs stay locked until their lock expires. */
  void killHard() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
    process.waitFor();
  }

  void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
