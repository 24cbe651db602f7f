package io.sopflow.closure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code POST /api/project-closures} and the start form {@code Form_RequestProjectClosure}. The project manager is the
 * requester (an admin may name one); the sponsor and the client contact, a known user who accepts the deliverables,
 * are two further people (see {@code ProjectClosureService.create}). The actual cost is not part of the request:
 * finance enters it when it closes the project's finances.
 */
public record ClosureRequest(
    @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,31}",
        message = "must be 2 to 32 upper-case letters, digits or hyphens, not starting with a hyphen")
    String projectCode,
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Size(max = 64) String projectManager,
    @NotBlank @Size(max = 64) String sponsor,
    @NotBlank @Size(max = 64) String clientContact,
    @NotEmpty @Size(max = 50) List<@NotNull @Valid DeliverableRequest> deliverables,
    @NotNull @PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal budget) {

  /** One deliverable to verify at closure. */
  public record DeliverableRequest(
      @NotBlank @Size(max = 200) String name,
      @NotBlank @Size(max = 2000) String acceptanceCriteria) {}
}
