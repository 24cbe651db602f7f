package io.sopflow.delegation;

import io.sopflow.identity.Substitutes;
import java.util.Collection;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Answers the platform's question "who stands in for this person now?" from the delegations in force (ACTIVE). */
@Component
class ActiveSubstitutes implements Substitutes {

  private final DelegationService service;

  ActiveSubstitutes(DelegationService service) {
    this.service = service;
  }

  @Override
  public Optional<String> substituteFor(String person, Collection<String> taskScope) {
    return person == null ? Optional.empty() : service.activeDelegateOf(person, taskScope);
  }
}
