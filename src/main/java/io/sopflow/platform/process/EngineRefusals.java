package io.sopflow.platform.process;

import io.sopflow.domain.DomainException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * The engine-side translation of refusals, for Tasklist ({@code /camunda/api/engine}) and {@code /engine-rest} alike.
 *
 * <p>The engine wraps whatever a task listener throws into a generic {@link ProcessEngineException}, and Camunda's
 * REST layer answers that with 500. A {@link DomainException} anywhere in the cause chain is a refusal by an SOP rule
 * and answers its own status (400/403/404/409/422) as {@code application/problem+json}, naming the field where there
 * is one, plus Camunda's {@code message} member that Tasklist shows. A task that no longer exists (completed a moment
 * ago by someone else) answers 404, not the engine's {@link NullValueException} (or, for the deployed form, its
 * {@link NullPointerException}) 500. Everything else keeps Camunda's own answer.
 *
 * <p>Registered through Jersey's auto-discovery ({@code META-INF/services}), so that every JAX-RS application of the
 * process gets it: the webapps register their engine API themselves, out of reach of Spring configuration.
 */
public final class EngineRefusals implements ForcedAutoDiscoverable {

  static final String PROBLEM_JSON = "application/problem+json";

  @Override
  public void configure(FeatureContext context) {
    if (!context.getConfiguration().isRegistered(WrappedRefusals.class)) {
      context.register(WrappedRefusals.class);
      context.register(RestRefusals.class);
      context.register(MissingTasks.class);
    }
  }

  /** The refusal in a chain of causes, as a response; {@code null} if the chain holds none. */
  static Response refusal(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof DomainException refused) {
        return problem(refused.status(), refused.getMessage(), refused.field());
      }
      if ((cause instanceof NullValueException || cause instanceof NullPointerException) && isMissingTask(cause)) {
        return problem(404, "The task does not exist (any more): it may have been completed a moment ago.", null);
      }
    }
    // The engine's own refusals, thrown inside a listener and wrapped: the answer the engine gives them directly.
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause != exception && (cause instanceof AuthorizationException || cause instanceof BadUserRequestException)) {
        return ExceptionHandlerHelper.getInstance().getResponse(cause);
      }
    }
    return null;
  }

  /**
   * The engine's ways of saying that a task is gone: {@code NullValueException} "No task found for taskId '...': task
   * is null" (completion, claim, ...), and for the deployed form ({@code GetDeployedTaskFormCmd}, 7.24) a plain
   * {@code NullPointerException} "Cannot invoke "...TaskEntity.getId()" because "task" is null" from its
   * authorization check, which Camunda answers with 500.
   */
  static boolean isMissingTask(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof NullPointerException) {
      return message.contains(".TaskEntity.") && message.contains("\"task\" is null");
    }
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("task") && (lower.contains("task is null") || lower.contains("no task")
        || lower.contains("cannot find task"));
  }

  static Response problem(int status, String detail, String field) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", switch (status) {
      case 400 -> "Invalid request";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 409 -> "Conflict";
      default -> "Request refused";
    });
    body.put("status", status);
    String message = field == null ? detail : field + ": " + detail;
    body.put("detail", message);
    if (field != null) {
      body.put("field", field);
      body.put("errors", java.util.List.of(Map.of("field", field, "message", detail)));
    }
    body.put("message", message);
    return Response.status(status).type(PROBLEM_JSON).entity(body).build();
  }

  /** Listener refusals wrapped by the engine. */
  @Priority(1)
  static final class WrappedRefusals implements ExceptionMapper<ProcessEngineException> {
    @Override
    public Response toResponse(ProcessEngineException exception) {
      Response refusal = refusal(exception);
      return refusal != null ? refusal : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }

  /** A task that is gone, met by a command that does not expect it (a 500 in Camunda); everything else as Camunda. */
  @Priority(1)
  static final class MissingTasks implements ExceptionMapper<NullPointerException> {
    @Override
    public Response toResponse(NullPointerException exception) {
      Response refusal = isMissingTask(exception) ? refusal(exception) : null;
      return refusal != null ? refusal : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }

  /** Task completion turns a wrapped engine exception into a {@link RestException} with status 500 first. */
  @Priority(1)
  static final class RestRefusals implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException exception) {
      Response refusal = refusal(exception);
      return refusal != null ? refusal : ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
  }
}
