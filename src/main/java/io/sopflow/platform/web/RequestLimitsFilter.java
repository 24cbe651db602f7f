package io.sopflow.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api} before authentication and controllers: a request body larger than
 * {@code sopflow.api.max-request-size} answers 413, a body that is not JSON answers 415, both as problem+json naming
 * the offending part ({@code body}, {@code Content-Type}). Bodies within the limit are read once here and handed on,
 * so a client that sends no Content-Length (chunked) cannot stream more than the limit either.
 */
class RequestLimitsFilter extends OncePerRequestFilter {

  private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final ObjectMapper objectMapper;
  private final int maxBytes;

  RequestLimitsFilter(ObjectMapper objectMapper, ApiLimitsProperties limits) {
    this.objectMapper = objectMapper;
    this.maxBytes = (int) limits.maxRequestSize().toBytes();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/api") || path.startsWith("/api/")) || !METHODS_WITH_BODY.contains(request.getMethod());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      tooLarge(request, response);
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
    if (body.length > maxBytes) {
      tooLarge(request, response);
      return;
    }
    if (body.length > 0 && !isJson(request.getContentType())) {
      refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type",
          "must be application/json (was " + (request.getContentType() == null ? "missing" : request.getContentType()) + ")");
      return;
    }
    chain.doFilter(new BufferedBodyRequest(request, body), response);
  }

  static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isCompatibleWith(MediaType.APPLICATION_JSON)
          || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
    refuse(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "body", "is larger than " + maxBytes + " bytes");
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String field,
      String message) throws IOException {
    ProblemDetail problem = ProblemHandler.fieldProblem(status, List.of(new ProblemHandler.FieldProblem(field, message)));
    problem.setTitle(status.getReasonPhrase());
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    // The unread rest of an oversized body is swallowed by Tomcat up to server.tomcat.max-swallow-size (2MB), so the
    // client reads this answer; beyond that Tomcat closes the connection.
    objectMapper.writeValue(response.getOutputStream(), problem);
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    int total = 0;
    int read;
    while (total < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - total))) != -1) {
      out.write(buffer, 0, read);
      total += read;
    }
    return out.toByteArray();
  }
}
