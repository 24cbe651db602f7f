package io.sopflow.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A catalogue entry as created or updated through {@code /api/access-resources}. {@code key} is only read on create
 * (it is the identity of the resource). {@code maxGrantDuration} is an ISO-8601 duration such as {@code P90D}; absent
 * means no maximum.
 */
public record AccessResourceInput(
    @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be lower-case letters, digits and hyphens") String key,
    @NotBlank @Size(max = 200) String name,
    @NotBlank String ownerGroup,
    @NotNull RiskLevel riskLevel,
    String maxGrantDuration,
    @NotBlank String connectorType) {}
