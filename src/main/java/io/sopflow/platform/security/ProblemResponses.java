package io.sopflow.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401, 403 and 429 (a throttled sign-in) from the security filters, as RFC 9457 problem details like every other error of the APIs. */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ObjectMapper objectMapper;

  ProblemResponses(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof LoginThrottledException throttled) {
      response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
      write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins for this account from your "
          + "address: try again in " + throttled.retryAfterSeconds() + " s. Other addresses are not affected.");
      return;
    }
    response.setHeader("WWW-Authenticate", "Basic realm=\"SOPFlow\"");
    write(request, response, HttpStatus.UNAUTHORIZED, "Authentication required: use HTTP Basic with your SOPFlow user.");
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    write(request, response, HttpStatus.FORBIDDEN, "You are not allowed to do this.");
  }

  private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    objectMapper.writeValue(response.getOutputStream(), problem);
  }
}
