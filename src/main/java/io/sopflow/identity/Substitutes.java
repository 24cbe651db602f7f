package io.sopflow.identity;

import java.util.Collection;
import java.util.Optional;

/**
 * Who stands in for a person right now (a delegation in force), as the engine side asks it when it offers a task
 * to a person by name and when it reads who completed one. It lives in a shared package so that the platform asks
 * without knowing the feature that answers (the delegation package implements it).
 *
 * <p>No chains: the answer is the delegator's own delegate; a delegate's own delegation never forwards what was
 * delegated to them.
 */
public interface Substitutes {

  /** Nobody stands in for anybody (process tests, or no delegation feature). */
  Substitutes NONE = (person, taskScope) -> Optional.empty();

  /**
   * The person standing in for {@code person} now on a task whose group scope is {@code taskScope} (the task's
   * candidate groups and its {@code delegationScope} setting; empty when it has none).
   */
  Optional<String> substituteFor(String person, Collection<String> taskScope);
}
