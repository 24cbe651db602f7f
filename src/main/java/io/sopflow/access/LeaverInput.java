package io.sopflow.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/leavers}: the user who leaves. */
public record LeaverInput(@NotBlank @Size(max = 64) String user) {}
