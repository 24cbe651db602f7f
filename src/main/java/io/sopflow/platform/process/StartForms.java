package io.sopflow.platform.process;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.domain.InvalidRequestException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Reads a submitted start form into the SOP's request record, the same record {@code POST /api/...} takes, with the
 * same rules: the JSON mapping of {@code /api} and its Bean Validation constraints, a refusal naming the field (400
 * problem+json in Tasklist through {@link EngineRefusals}). The form's fields are removed from the instance once read:
 * they are in the record now, and the process carries references only.
 */
@Component
public class StartForms {

  private final ObjectMapper objectMapper;
  private final Validator validator;

  public StartForms(ObjectMapper objectMapper, Validator validator) {
    this.objectMapper = objectMapper;
    this.validator = validator;
  }

  public <T> T read(DelegateExecution execution, Class<T> requestType) {
    Map<String, Object> submitted = new LinkedHashMap<>();
    execution.getVariables().forEach((name, value) ->
        submitted.put(name, value instanceof Date date ? date.toInstant().toString() : value));
    T request;
    try {
      // A start form may carry fields for people (hints, confirmations) that the request does not take.
      request = objectMapper.readerFor(requestType).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue((JsonNode) objectMapper.valueToTree(submitted));
    } catch (JsonMappingException e) {
      String field = e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null ? "form"
          : e.getPath().get(0).getFieldName();
      throw new InvalidRequestException(field, "has a value of the wrong type or format");
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new InvalidRequestException("form", "could not be read");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      ConstraintViolation<T> first = violations.stream()
          .sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).findFirst().orElseThrow();
      throw new InvalidRequestException(first.getPropertyPath().toString(), first.getMessage());
    }
    execution.removeVariables(submitted.keySet().stream().collect(Collectors.toList()));
    return request;
  }
}
