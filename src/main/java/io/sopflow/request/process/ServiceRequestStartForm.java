package io.sopflow.request.process;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.sopflow.request.ServiceRequestApi.RequestService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Tasklist's start form submits: the fields of {@code POST /api/service-requests}, with the details flat (a
 * Camunda Form's field key is a variable name): {@code details_model} is the detail {@code model}. Fields of other
 * items' sections that the form hid arrive empty and are left out.
 */
public class ServiceRequestStartForm {

  static final String DETAIL_PREFIX = "details_";

  @NotBlank @Size(max = 64) public String item;
  @NotBlank @Size(max = 64) public String requestedFor;
  @NotBlank @Size(max = 2000) public String justification;
  private final Map<String, String> details = new LinkedHashMap<>();

  @JsonAnySetter
  void other(String name, Object value) {
    if (name.startsWith(DETAIL_PREFIX) && value != null && !value.toString().isBlank()) {
      details.put(name.substring(DETAIL_PREFIX.length()), value.toString());
    }
  }

  RequestService toRequest() {
    return new RequestService(item, requestedFor, justification, details);
  }
}
