package io.sopflow.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camunda's REST API, plus one correction: the engine wraps whatever a task listener throws into a generic
 * {@link ProcessEngineException}, so a completion refused by an SOP rule (four-eyes: {@link AuthorizationException};
 * a missing or invalid decision: {@link BadUserRequestException}) would answer 500. Here it answers 403 or 400, as
 * the same exception thrown by the engine itself does.
 */
@Configuration
class EngineRestConfiguration {

  @Bean
  CamundaJerseyResourceConfig camundaJerseyResourceConfig() {
    return new CamundaJerseyResourceConfig() {
      @Override
      protected void registerAdditionalResources() {
        register(RuleViolationExceptionMapper.class);
        register(WrappedRuleViolationExceptionMapper.class);
      }
    };
  }

  @Priority(1)
  static class RuleViolationExceptionMapper implements ExceptionMapper<ProcessEngineException> {

    @Override
    public Response toResponse(ProcessEngineException exception) {
      return ExceptionHandlerHelper.getInstance().getResponse(RuleViolations.ruleViolation(exception));
    }
  }

  /** Task completion turns a wrapped engine exception into a {@link RestException} with status 500 first. */
  @Priority(1)
  static class WrappedRuleViolationExceptionMapper implements ExceptionMapper<RestException> {

    @Override
    public Response toResponse(RestException exception) {
      return ExceptionHandlerHelper.getInstance().getResponse(RuleViolations.ruleViolation(exception));
    }
  }

  static final class RuleViolations {
    private RuleViolations() {}

    static Throwable ruleViolation(Throwable exception) {
      for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
        if (cause instanceof AuthorizationException || cause instanceof BadUserRequestException) {
          return cause;
        }
        if (cause.getCause() == cause) {
          break;
        }
      }
      return exception;
    }
  }
}
