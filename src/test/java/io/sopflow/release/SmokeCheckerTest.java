package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke checks against a real HTTP server on 127.0.0.1. */
class SmokeCheckerTest {

  private final SmokeChecker checker = new SmokeChecker(TestEnvironments.properties());
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", exchange -> answer(exchange, 200));
    server.createContext("/broken", exchange -> answer(exchange, 500));
    server.createContext("/flaky", exchange -> answer(exchange, flakyCalls.incrementAndGet() < 3 ? 503 : 200));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void passesWhenEveryCheckAnswersItsExpectedStatus() {
    SmokeChecker.Outcome outcome = checker.run(List.of(check("/ok", 200, 0), check("/broken", 500, 0)));

    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.attempts()).extracting(StepResult::httpStatus).containsExactly(200, 500);
  }

  @Test
  void retriesAFailingCheckAndPassesWhenALaterAttemptSucceeds() {
    SmokeChecker.Outcome outcome = checker.run(List.of(check("/flaky", 200, 3)));

    assertThat(outcome.passed()).isTrue();
    assertThat(outcome.attempts()).extracting(StepResult::result)
        .containsExactly(StepResult.Result.FAILED, StepResult.Result.FAILED, StepResult.Result.SUCCEEDED);
    assertThat(outcome.attempts().get(2).target()).contains("attempt 3 of 4");
  }

  @Test
  void failsWhenACheckKeepsFailingAndStopsThere() {
    SmokeChecker.Outcome outcome = checker.run(List.of(check("/broken", 200, 1), check("/ok", 200, 0)));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.attempts()).hasSize(2).allSatisfy(attempt -> {
      assertThat(attempt.httpStatus()).isEqualTo(500);
      assertThat(attempt.action()).isEqualTo(StepResult.StepAction.SMOKE_CHECK);
    });
  }

  @Test
  void noChecksConfiguredPasses() {
    assertThat(checker.run(List.of()).passed()).isTrue();
  }

  private ReleaseProperties.SmokeCheck check(String path, int expected, int retries) {
    return new ReleaseProperties.SmokeCheck(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
        expected, Duration.ofSeconds(5), retries, Duration.ofMillis(50));
  }

  private static void answer(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
