package io.sopflow.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sopflow.domain.DomainException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of {@code /api} as RFC 9457 problem details. Refusals of input name the offending field in
 * {@code field} (the first) and {@code errors} (all of them), so a client can point at it.
 */
@RestControllerAdvice(basePackages = "io.sopflow")
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  /** Every refusal of a domain rule, by its kind: 400/422 naming the field, 403, 404, 409. */
  @ExceptionHandler(DomainException.class)
  ProblemDetail refused(DomainException e) {
    HttpStatus status = HttpStatus.valueOf(e.status());
    if (e.field() != null) {
      return fieldProblem(status, List.of(new FieldProblem(e.field(), e.getMessage())));
    }
    return ProblemDetail.forStatusAndDetail(status, e.getMessage());
  }

  @ExceptionHandler({OptimisticLockingFailureException.class, PessimisticLockingFailureException.class})
  ProblemDetail concurrentUpdate(RuntimeException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The record was changed at the same time; try again.");
  }

  @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
    log.warn("Database unavailable: {}", e.getMessage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "SOPFlow cannot reach its database right now. Nothing was changed; try again shortly.");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return fieldProblem(HttpStatus.BAD_REQUEST, List.of(new FieldProblem(e.getName(), "has an invalid value")));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    List<FieldProblem> problems = e.getBindingResult().getFieldErrors().stream()
        .map(error -> new FieldProblem(error.getField(), messageOf(error)))
        .sorted((a, b) -> a.field().compareTo(b.field()))
        .toList();
    if (problems.isEmpty()) {
      problems = e.getBindingResult().getGlobalErrors().stream()
          .map(error -> new FieldProblem(error.getObjectName(), error.getDefaultMessage())).toList();
    }
    return ResponseEntity.badRequest().body(fieldProblem(HttpStatus.BAD_REQUEST, problems));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> problems = e.getParameterValidationResults().stream()
        .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldProblem(
            result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
        .toList();
    return ResponseEntity.badRequest().body(fieldProblem(HttpStatus.BAD_REQUEST, problems));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return ResponseEntity.badRequest().body(fieldProblem(HttpStatus.BAD_REQUEST,
        List.of(new FieldProblem(e.getParameterName(), "is required"))));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    return ResponseEntity.badRequest().body(fieldProblem(HttpStatus.BAD_REQUEST, List.of(unreadable(e))));
  }

  /** The field a body that could not be read is refused for, and why. */
  static FieldProblem unreadable(HttpMessageNotReadableException e) {
    // A refusal by the parser itself (a key given twice, broken JSON) is located by the parser's position: whatever
    // path databind wrapped around it on the way out stops short of the field.
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof StreamReadException parse && parse.getProcessor() != null) {
        JsonParser parser = parse.getProcessor();
        String field = pathOf(parser.getParsingContext());
        boolean duplicate = parse.getOriginalMessage() != null && parse.getOriginalMessage().startsWith("Duplicate field");
        if (duplicate && !field.isEmpty()) {
          return new FieldProblem(field, "is given more than once");
        }
        return field.isEmpty() || parse instanceof JsonEOFException ? new FieldProblem("body", "is not valid JSON for this request")
            : new FieldProblem(field, "has a value that cannot be read");
      }
    }
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      if (mapping instanceof UnrecognizedPropertyException) {
        return new FieldProblem(field, "is not a known field");
      }
      if (mapping instanceof StrictJsonInput.RefusedText refused) {
        return new FieldProblem(field, refused.reason());
      }
      if (mapping instanceof InvalidFormatException invalid && "".equals(invalid.getValue())) {
        return new FieldProblem(field, "must not be an empty string (leave the field out instead)");
      }
      return new FieldProblem(field, "has a value of the wrong type or format");
    }
    return new FieldProblem("body", "is not valid JSON for this request");
  }

  /** {@code deliverables[0].name} for the parser's position. */
  private static String pathOf(JsonStreamContext context) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }

  private static String messageOf(FieldError error) {
    if (error.isBindingFailure()) {
      return "has a value of the wrong type or format";
    }
    return error.getDefaultMessage();
  }

  /** One refused field. */
  public record FieldProblem(String field, String message) {}

  static ProblemDetail fieldProblem(HttpStatus status, List<FieldProblem> problems) {
    FieldProblem first = problems.isEmpty() ? new FieldProblem("body", "is invalid") : problems.get(0);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, first.field() + ": " + first.message());
    problem.setTitle(status == HttpStatus.BAD_REQUEST ? "Invalid request" : "Request refused");
    problem.setType(URI.create("about:blank"));
    problem.setProperty("field", first.field());
    problem.setProperty("errors", problems.stream()
        .map(p -> Map.of("field", p.field(), "message", p.message() == null ? "is invalid" : p.message()))
        .toList());
    return problem;
  }
}
