package io.sopflow.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Requests under {@code /api} that no controller takes: an unknown path answers 404, a known path with a method it does
 * not support 405 (with {@code Allow}), an unsupported media type 406/415, all as problem+json like every other answer
 * of the API. {@link ProblemHandler} cannot see these: no SOPFlow controller was chosen, so its advice (scoped to
 * {@code io.sopflow}) does not apply, and Spring Boot's error page would answer with its own body.
 *
 * <p>Spring's static-resource handler takes every path that no controller maps ({@code /**}) and refuses any method
 * but GET and HEAD with 405: for {@code POST /api/incidents/x/y} that is a path that does not exist, so 404. Paths
 * outside {@code /api} keep Spring Boot's default handling.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnmappedApiRequests {

  @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class,
      HttpMediaTypeNotAcceptableException.class, HttpMediaTypeNotSupportedException.class})
  ResponseEntity<ProblemDetail> unmapped(Exception e, HttpServletRequest request) throws Exception {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!(path.equals("/api") || path.startsWith("/api/"))) {
      throw e; // not ours: Spring Boot's default error handling goes on
    }
    ErrorResponse error = (ErrorResponse) e;
    boolean noSuchPath = e instanceof NoResourceFoundException
        || request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof ResourceHttpRequestHandler;
    if (noSuchPath) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
          "There is no " + path + " in the SOPFlow API.");
      problem.setTitle("Not Found");
      problem.setInstance(URI.create(request.getRequestURI()));
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
    ProblemDetail problem = error.getBody();
    problem.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
