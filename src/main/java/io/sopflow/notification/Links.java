package io.sopflow.notification;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The address people reach SOPFlow at ({@code sopflow.base-url}, environment {@code SOPFLOW_BASE_URL}; default
 * {@code http://localhost:8080}) and the links mails carry, built from it in one place. Checked at start-up: an
 * absolute http(s) URL without query or fragment; a trailing slash is dropped.
 *
 * @param baseUrl scheme, host, port and an optional path prefix, e.g. {@code https://sopflow.example.org}
 */
@ConfigurationProperties("sopflow")
public record Links(String baseUrl) {

  public Links {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("sopflow.base-url must be set: the address people reach SOPFlow at");
    }
    baseUrl = baseUrl.strip();
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("sopflow.base-url is not a URL: " + baseUrl, e);
    }
    // getRawAuthority, not getHost: a host name with an underscore (a container's name) has no host in java.net.URI
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getRawAuthority() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("sopflow.base-url must be an http(s) address without query or fragment, was "
          + baseUrl);
    }
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }

  /** A record of {@code /api}: {@code record("changes", "CHG-000001")}. */
  public String record(String collection, String key) {
    return baseUrl + "/api/" + collection + "/" + key;
  }

  /** A task in Tasklist. */
  public String task(String taskId) {
    return baseUrl + "/camunda/app/tasklist/default/#/?task=" + taskId;
  }

  /** Tasklist's start page: where a mail links when its task is gone or unknown. */
  public String tasklist() {
    return baseUrl + "/camunda/app/tasklist/default/";
  }
}
