package io.sopflow.identity;

import java.util.Optional;
import java.util.Set;

/** Who is acting right now: the caller of the REST API, or the person completing a task in Tasklist. */
public interface CurrentUser {

  Optional<String> id();

  Set<String> groups();

  /** The acting user, or the given fallback (e.g. {@code "system"} for the job executor). */
  default String idOr(String fallback) {
    return id().orElse(fallback);
  }

  /** The acting user; fails if nobody is authenticated. */
  default String require() {
    return id().orElseThrow(() -> new IllegalStateException("No authenticated user"));
  }
}
