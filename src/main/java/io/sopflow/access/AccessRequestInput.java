package io.sopflow.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/**
 * {@code POST /api/access-requests}. {@code validUntil} is optional and capped by the resource's maximum duration;
 * {@code project} (optional) is the code of the project the access is for: the project's closure revokes it.
 */
public record AccessRequestInput(
    @NotBlank @Size(max = 64) String beneficiary,
    @NotBlank @Size(max = 64) String resource,
    @NotBlank @Size(max = 2000) String justification,
    OffsetDateTime validUntil,
    @Pattern(regexp = "|[A-Z0-9][A-Z0-9-]{1,31}", message = "must be a project code: 2 to 32 upper-case letters, "
        + "digits or hyphens") String project) {

  public AccessRequestInput(String beneficiary, String resource, String justification, OffsetDateTime validUntil) {
    this(beneficiary, resource, justification, validUntil, null);
  }
}
