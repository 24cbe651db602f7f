package io.sopflow.closure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /api/project-closures/{key}/client-contact}: who accepts the deliverables from now on, and why the one
 * named before no longer does (kept in the audit trail). The contact is checked as at the request
 * ({@code ProjectClosureService.replaceClientContact}).
 */
public record ClientContactReplacement(
    @NotBlank @Size(max = 64) String clientContact,
    @NotBlank @Size(max = 2000) String reason) {}
