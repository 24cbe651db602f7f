package io.sopflow.access;

import jakarta.validation.constraints.Size;

/** {@code POST /api/access-grants/{id}/revoke}: an optional reason. */
public record RevocationInput(@Size(max = 500) String reason) {}
