package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls a real HTTP server on 127.0.0.1 (JDK HttpServer), no mocked client. */
class HttpDeploymentAdapterTest {

  private final HttpDeploymentAdapter adapter = new HttpDeploymentAdapter(TestEnvironments.properties());
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/deploy", exchange -> answer(exchange, 202, "accepted"));
    server.createContext("/broken", exchange -> answer(exchange, 500, "deploy tool exploded"));
    server.createContext("/slow", exchange -> {
      sleep(3000);
      answer(exchange, 200, "too late");
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void postsTheReleaseAndSucceedsOnA2xxAnswer() {
    StepResult result = adapter.deploy(TestEnvironments.http(url("/deploy"), url("/broken"), Duration.ofSeconds(5)));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.httpStatus()).isEqualTo(202);
    assertThat(result.output()).isEqualTo("accepted");
    assertThat(result.target()).isEqualTo("POST " + url("/deploy"));
    assertThat(received).containsExactly("POST /deploy application/json "
        + "{\"release\":\"REL-000007\",\"environment\":\"staging\",\"version\":\"1.2.3\",\"action\":\"deploy\"}");
  }

  @Test
  void aNon2xxAnswerIsAFailedStep() {
    StepResult result = adapter.rollback(TestEnvironments.http(url("/deploy"), url("/broken"), Duration.ofSeconds(5)));

    assertThat(result.result()).isEqualTo(StepResult.Result.FAILED);
    assertThat(result.action()).isEqualTo(StepResult.StepAction.ROLLBACK);
    assertThat(result.httpStatus()).isEqualTo(500);
    assertThat(result.output()).isEqualTo("deploy tool exploded");
    assertThat(received).singleElement().asString().contains("\"action\":\"rollback\"");
  }

  @Test
  void anAnswerAfterTheTimeoutIsATimedOutStep() {
    StepResult result = adapter.deploy(TestEnvironments.http(url("/slow"), url("/broken"), Duration.ofMillis(500)));

    assertThat(result.result()).isEqualTo(StepResult.Result.TIMED_OUT);
    assertThat(result.httpStatus()).isNull();
    assertThat(result.duration()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anUnreachableEndpointIsAnErrorStep() {
    URI closed = url("/deploy");
    server.stop(0);

    StepResult result = adapter.deploy(TestEnvironments.http(closed, closed, Duration.ofSeconds(2)));

    assertThat(result.result()).isEqualTo(StepResult.Result.ERROR);
    assertThat(result.succeeded()).isFalse();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
        + exchange.getRequestHeaders().getFirst("Content-Type") + " " + request);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
