package io.sopflow.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.platform.web.BufferedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The same throttle for the webapps' sign-in form ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}},
 * Camunda's own resource): a throttled (client, account) pair is answered 429 before Camunda checks the password; a
 * 401 from Camunda counts as a failure, a 2xx as a success. The form body is read here (bounded) and handed on, so
 * Camunda still reads its form parameters from the body.
 */
class WebappLoginThrottleFilter extends OncePerRequestFilter {

  static final int MAX_FORM_BYTES = 16 * 1024;

  private final LoginThrottle throttle;
  private final ObjectMapper objectMapper;

  WebappLoginThrottleFilter(LoginThrottle throttle, ObjectMapper objectMapper) {
    this.throttle = throttle;
    this.objectMapper = objectMapper;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !request.getRequestURI().contains("/login/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_FORM_BYTES);
    String account = formValue(new String(body, StandardCharsets.ISO_8859_1), "username");
    String client = request.getRemoteAddr();
    Duration wait = throttle.retryAfter(client, account);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins "
          + "for this account from your address: try again in " + seconds + " s. Other addresses are not affected.");
      problem.setInstance(URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
      response.setHeader("Retry-After", Long.toString(seconds));
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      objectMapper.writeValue(response.getOutputStream(), problem);
      return;
    }
    chain.doFilter(new BufferedBodyRequest(request, body), response);
    if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      throttle.failed(client, account);
    } else if (response.getStatus() >= 200 && response.getStatus() < 300) {
      throttle.succeeded(client, account);
    }
  }

  /** The value of one field of an {@code application/x-www-form-urlencoded} body, or {@code null}. */
  static String formValue(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(key).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
