package io.sopflow.change;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Body of {@code POST /api/changes}, and what Tasklist's start form "Request change" submits. The requester is the
 * authenticated caller. {@code affectedServices} is a JSON array; a single string is taken as a comma-separated list
 * (the start form has a text field: form-js 1.8.7 offers multi-value fields only over a fixed list of options).
 * {@code template} is the key of a standard-change template ({@code GET /api/change-templates}), for STANDARD only.
 */
public record ChangeSubmission(
    @NotBlank @Size(max = 200) String title,
    @Size(max = 4000) String description,
    @NotNull ChangeType type,
    @NotEmpty @Size(max = 20) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    List<@NotBlank @Size(max = 2000) String> affectedServices,
    @NotBlank @Size(max = 4000) String implementationPlan,
    @Size(max = 4000) String backoutPlan,
    @Size(max = 4000) String testEvidence,
    @NotNull OffsetDateTime plannedStart,
    @NotNull OffsetDateTime plannedEnd,
    @NotBlank @Size(max = 64) String implementer,
    @Size(max = 100) String template) {}
