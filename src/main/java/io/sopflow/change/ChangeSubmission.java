package io.sopflow.change;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** Body of {@code POST /api/changes}. The requester is the authenticated caller. */
public record ChangeSubmission(
    @NotBlank @Size(max = 200) String title,
    @Size(max = 4000) String description,
    @NotNull ChangeType type,
    @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 100) String> affectedServices,
    @NotBlank @Size(max = 4000) String implementationPlan,
    @Size(max = 4000) String backoutPlan,
    @Size(max = 4000) String testEvidence,
    @NotNull OffsetDateTime plannedStart,
    @NotNull OffsetDateTime plannedEnd,
    @NotBlank @Size(max = 64) String implementer) {}
