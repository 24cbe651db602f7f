package io.sopflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A small JSON-over-HTTP client (java.net.http) that calls one system as a named user with HTTP Basic. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "demo";

  /** One answer: status, body and the time it took (ns, from send to body read). */
  record Answer(int status, String body, long nanos) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("Not JSON (" + status + "): " + body, e);
      }
    }

    Answer expectOk(String what) {
      if (!ok()) {
        throw new IllegalStateException(what + " answered " + status + ": " + abbreviate(body));
      }
      return this;
    }
  }

  private final HttpClient client;
  private final String baseUrl;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  Http(String baseUrl) {
    this.baseUrl = baseUrl;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  String baseUrl() {
    return baseUrl;
  }

  Answer get(String user, String path) {
    return send(user, HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  Answer delete(String user, String path) {
    return send(user, HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
  }

  Answer post(String user, String path, Object body) {
    return send(user, HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  Answer put(String user, String path, Object body) {
    return send(user, HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  Answer postMultipart(String user, String path, Map<String, String> fields, String fileName, byte[] file) {
    String boundary = "----sopflowbench" + System.nanoTime();
    StringBuilder head = new StringBuilder();
    fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
    head.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(fileName).append("\"; filename=\"").append(fileName)
        .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[start.length + file.length + end.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(file, 0, all, start.length, file.length);
    System.arraycopy(end, 0, all, start.length + file.length, end.length);
    return send(user, HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(all)));
  }

  /** Without credentials (health). */
  Answer getAnonymous(String path, Duration timeout) {
    try {
      long start = System.nanoTime();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), System.nanoTime() - start);
    } catch (IOException e) {
      return new Answer(-1, e.toString(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Answer send(String user, HttpRequest.Builder request) {
    request.header("Authorization", authorizations.computeIfAbsent(user, u ->
            "Basic " + Base64.getEncoder().encodeToString((u + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))))
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(60));
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), System.nanoTime() - start);
    } catch (IOException e) {
      return new Answer(-1, e.toString(), System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String write(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
