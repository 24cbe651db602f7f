package io.sopflow.release;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Runs an environment's smoke checks after a deploy: each is an HTTP GET that must answer the expected status within
 * its timeout, tried again up to {@code retries} times. Every attempt is a log entry; the checks pass when each
 * check's last attempt succeeded. They stop at the first check that keeps failing.
 */
@Component
class SmokeChecker {

  static final String ADAPTER = "http";

  private final HttpClient client;
  private final int outputLimit;

  SmokeChecker(ReleaseProperties properties) {
    this.client = HttpClients.create();
    this.outputLimit = properties.outputLimit();
  }

  record Outcome(boolean passed, List<StepResult> attempts) {}

  Outcome run(List<ReleaseProperties.SmokeCheck> checks) {
    List<StepResult> attempts = new ArrayList<>();
    for (ReleaseProperties.SmokeCheck check : checks) {
      StepResult last = null;
      for (int attempt = 0; attempt <= check.retries(); attempt++) {
        if (attempt > 0 && !pause(check.retryDelay())) {
          break;
        }
        last = attempt(check, attempt + 1);
        attempts.add(last);
        if (last.succeeded()) {
          break;
        }
      }
      if (last == null || !last.succeeded()) {
        return new Outcome(false, attempts);
      }
    }
    return new Outcome(true, attempts);
  }

  private StepResult attempt(ReleaseProperties.SmokeCheck check, int number) {
    String target = "GET " + check.url() + " (attempt " + number + " of " + (check.retries() + 1) + ", expect "
        + check.expectedStatus() + ")";
    HttpRequest request = HttpRequest.newBuilder(check.url()).timeout(check.timeout()).GET().build();
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      return result(target, status == check.expectedStatus() ? StepResult.Result.SUCCEEDED : StepResult.Result.FAILED,
          status, started, response.body());
    } catch (HttpTimeoutException e) {
      return result(target, StepResult.Result.TIMED_OUT, null, started, "No answer within " + check.timeout());
    } catch (IOException e) {
      return result(target, StepResult.Result.ERROR, null, started, HttpClients.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return result(target, StepResult.Result.ERROR, null, started, "Interrupted while waiting");
    }
  }

  private StepResult result(String target, StepResult.Result result, Integer status, long started, String output) {
    return new StepResult(StepResult.StepAction.SMOKE_CHECK, ADAPTER, target, result, null, status,
        Duration.ofNanos(System.nanoTime() - started), CapturedOutput.truncate(output, outputLimit));
  }

  private static boolean pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
