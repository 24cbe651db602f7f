package io.sopflow.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what {@code /api} accepts before a controller sees it. {@code sopflow.api.max-request-size} (default
 * 256KB) bounds a request body: larger bodies get 413 problem+json. Keep it below the load balancer's and Tomcat's
 * limits ({@code client_max_body_size}, {@code server.tomcat.max-swallow-size}) so callers see the problem, not a reset.
 */
@ConfigurationProperties("sopflow.api")
public record ApiLimitsProperties(DataSize maxRequestSize) {

  public static final DataSize DEFAULT_MAX_REQUEST_SIZE = DataSize.ofKilobytes(256);

  public ApiLimitsProperties {
    if (maxRequestSize == null) {
      maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
    }
    if (maxRequestSize.toBytes() < 1 || maxRequestSize.toBytes() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("sopflow.api.max-request-size must be between 1B and 2GB: " + maxRequestSize);
    }
  }
}
