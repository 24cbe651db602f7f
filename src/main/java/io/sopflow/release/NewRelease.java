package io.sopflow.release;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;

/** {@code POST /api/releases}. The version is the only request string that ever reaches a deployment command. */
public record NewRelease(
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Pattern(regexp = DeploymentTarget.VERSION_REGEX, message = "must match " + DeploymentTarget.VERSION_REGEX)
    String version,
    @NotBlank @Size(max = 64) String environment,
    @NotBlank @Size(max = 32) String changeNumber,
    @NotNull OffsetDateTime windowStart,
    @NotNull OffsetDateTime windowEnd,
    @NotBlank @Size(max = 4000) String rollbackPlan) {}
