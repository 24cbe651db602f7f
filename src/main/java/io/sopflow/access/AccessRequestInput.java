package io.sopflow.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/** {@code POST /api/access-requests}. {@code validUntil} is optional and capped by the resource's maximum duration. */
public record AccessRequestInput(
    @NotBlank @Size(max = 64) String beneficiary,
    @NotBlank @Size(max = 64) String resource,
    @NotBlank @Size(max = 2000) String justification,
    OffsetDateTime validUntil) {}
