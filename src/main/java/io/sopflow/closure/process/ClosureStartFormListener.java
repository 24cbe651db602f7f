package io.sopflow.closure.process;

import io.sopflow.closure.ClosureRequest;
import io.sopflow.closure.ClosureRequest.DeliverableRequest;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The start form of Tasklist ({@code Form_RequestProjectClosure}): requests the closure exactly as
 * {@code POST /api/project-closures} does, in the transaction that starts the instance.
 *
 * <p>Camunda Forms 1.8.7 (Tasklist 7.24) has no list of groups a person can add rows to, so the form asks for the
 * deliverables in a text area, one per line as {@code name: acceptance criteria}; this listener turns the lines into
 * the request's deliverables and then applies the request's own rules (the same Bean Validation as the API, a refusal
 * naming the field, e.g. {@code deliverables} with the line number).
 */
@Component("closureStartFormListener")
class ClosureStartFormListener implements ExecutionListener {

  /** What the form submits; {@code deliverables} is the text area. */
  record ClosureStartForm(
      String projectCode, String name, String projectManager, String sponsor, String clientContact,
      @NotBlank(message = "must list at least one deliverable, one per line as 'name: acceptance criteria'")
      @Size(max = 100_000) String deliverables,
      @NotNull @PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal budget) {}

  private final ProcessStarts processStarts;
  private final StartForms startForms;
  private final Validator validator;
  private final ProjectClosureService service;

  ClosureStartFormListener(ProcessStarts processStarts, StartForms startForms, Validator validator,
      ProjectClosureService service) {
    this.processStarts = processStarts;
    this.startForms = startForms;
    this.validator = validator;
    this.service = service;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution, () -> {
      ClosureStartForm form = startForms.read(execution, ClosureStartForm.class);
      return service.create(validated(new ClosureRequest(form.projectCode(), form.name(), form.projectManager(),
          form.sponsor(), form.clientContact(), deliverables(form.deliverables()), form.budget())));
    });
  }

  /** One deliverable per non-empty line: {@code name: acceptance criteria} (the first colon separates them). */
  static List<DeliverableRequest> deliverables(String text) {
    List<DeliverableRequest> parsed = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(colon + 1).isBlank()) {
        throw new InvalidRequestException("deliverables", "line " + (i + 1)
            + " must read 'name: acceptance criteria'");
      }
      parsed.add(new DeliverableRequest(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
    }
    return parsed;
  }

  private ClosureRequest validated(ClosureRequest request) {
    Set<ConstraintViolation<ClosureRequest>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      ConstraintViolation<ClosureRequest> first = violations.stream()
          .sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).findFirst().orElseThrow();
      String path = first.getPropertyPath().toString();
      // deliverables[2].name is line 3 of the text area: name the form's field.
      String field = path.startsWith("deliverables") ? "deliverables" : path;
      throw new InvalidRequestException(field, path.startsWith("deliverables[") ? path + " " + first.getMessage()
          : first.getMessage());
    }
    return request;
  }
}
