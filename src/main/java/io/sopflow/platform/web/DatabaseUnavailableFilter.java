package io.sopflow.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outermost filter of the APIs: a database outage that surfaces outside a controller (HTTP Basic checks the password
 * in the identity store before any controller runs; the engine's own REST resources) answers 503 problem+json with
 * {@code Retry-After}, like {@link ProblemHandler} does inside controllers, instead of a 500. Nothing was changed:
 * the transaction that failed rolled back.
 */
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);
  static final String RETRY_AFTER_SECONDS = "5";

  private final ObjectMapper objectMapper;

  public DatabaseUnavailableFilter(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      if (!DatabaseFailures.isDatabaseUnavailable(e) || response.isCommitted()) {
        throw e;
      }
      log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), rootMessage(e));
      response.resetBuffer();
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
          "SOPFlow cannot reach its database right now. Nothing was changed; try again shortly.");
      problem.setInstance(URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      objectMapper.writeValue(response.getOutputStream(), problem);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
