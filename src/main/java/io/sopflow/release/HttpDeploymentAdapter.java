package io.sopflow.release;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * POSTs the release to the environment's configured deploy or rollback URL (a deployment tool's webhook). Success = a
 * 2xx answer within the timeout. The body is JSON: {@code {"release","environment","version","action"}}.
 */
@Component
class HttpDeploymentAdapter implements DeploymentAdapter {

  static final String ADAPTER = "http";

  private final HttpClient client;
  private final int outputLimit;

  HttpDeploymentAdapter(ReleaseProperties properties) {
    this.client = HttpClients.create();
    this.outputLimit = properties.outputLimit();
  }

  @Override
  public ReleaseProperties.AdapterType type() {
    return ReleaseProperties.AdapterType.HTTP;
  }

  @Override
  public StepResult deploy(DeploymentTarget target) {
    return post(StepResult.StepAction.DEPLOY, target.settings().deployUrl(), target);
  }

  @Override
  public StepResult rollback(DeploymentTarget target) {
    return post(StepResult.StepAction.ROLLBACK, target.settings().rollbackUrl(), target);
  }

  private StepResult post(StepResult.StepAction action, URI url, DeploymentTarget target) {
    Duration timeout = target.settings().timeout();
    String body = "{\"release\":" + HttpClients.json(target.releaseKey())
        + ",\"environment\":" + HttpClients.json(target.environment())
        + ",\"version\":" + HttpClients.json(target.version())
        + ",\"action\":" + HttpClients.json(action.name().toLowerCase(java.util.Locale.ROOT)) + "}";
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      return result(action, url, status / 100 == 2 ? StepResult.Result.SUCCEEDED : StepResult.Result.FAILED, status,
          started, response.body());
    } catch (HttpTimeoutException e) {
      return result(action, url, StepResult.Result.TIMED_OUT, null, started, "No answer within " + timeout);
    } catch (IOException e) {
      return result(action, url, StepResult.Result.ERROR, null, started, HttpClients.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return result(action, url, StepResult.Result.ERROR, null, started, "Interrupted while waiting");
    }
  }

  private StepResult result(StepResult.StepAction action, URI url, StepResult.Result result, Integer status,
      long started, String output) {
    return new StepResult(action, ADAPTER, "POST " + url, result, null, status,
        Duration.ofNanos(System.nanoTime() - started), CapturedOutput.truncate(output, outputLimit));
  }
}
