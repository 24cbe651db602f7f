package io.sopflow.identity;

import io.sopflow.domain.RecordNotFoundException;
import jakarta.persistence.criteria.Predicate;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

/**
 * Who may see a record of {@code /api}, the one rule for every SOP (DESIGN.md, "Record visibility"): the people it
 * concerns (reporter, requester, beneficiary, implementer, ...), the groups that work on the SOP, {@code managers}
 * and admins. Anyone else gets 404, as if the record did not exist, and lists leave it out.
 *
 * <pre>
 * Incident incident = visibility.require("Incident", number, READERS, incident.getReporter());
 * Specification&lt;Incident&gt; spec = visibility.visibleRecords(READERS, "reporter").and(filters);
 * </pre>
 */
@Component
public class RecordVisibility {

  /** Groups that oversee every SOP. */
  public static final Set<String> OVERSEERS = Set.of(Groups.MANAGERS, Groups.ADMINS);

  private final CurrentUser currentUser;

  RecordVisibility(CurrentUser currentUser) {
    this.currentUser = currentUser;
  }

  /** Whether the caller sees every record of an SOP worked on by {@code workingGroups}. */
  public boolean seesAll(Collection<String> workingGroups) {
    return currentUser.groups().stream().anyMatch(g -> OVERSEERS.contains(g) || workingGroups.contains(g));
  }

  /** Whether the caller may see a record that concerns {@code people}. */
  public boolean maySee(Collection<String> workingGroups, String... people) {
    String caller = currentUser.require();
    if (seesAll(workingGroups)) {
      return true;
    }
    for (String person : people) {
      if (Objects.equals(caller, person)) {
        return true;
      }
    }
    return false;
  }

  /** The record, if the caller may see it; otherwise 404 naming it as if it did not exist. */
  public <T> T require(T record, String type, String key, Collection<String> workingGroups, String... people) {
    if (!maySee(workingGroups, people)) {
      throw new RecordNotFoundException(type, key);
    }
    return record;
  }

  /**
   * The records of a list the caller may see: all of them for the working groups and overseers, else those where one
   * of {@code personAttributes} (entity attributes holding user ids) is the caller.
   */
  public <T> Specification<T> visibleRecords(Collection<String> workingGroups, String... personAttributes) {
    if (seesAll(workingGroups)) {
      return (root, query, cb) -> cb.conjunction();
    }
    String caller = currentUser.require();
    return (root, query, cb) -> {
      Predicate[] concerned = new Predicate[personAttributes.length];
      for (int i = 0; i < personAttributes.length; i++) {
        concerned[i] = cb.equal(root.get(personAttributes[i]), caller);
      }
      return concerned.length == 0 ? cb.disjunction() : cb.or(concerned);
    };
  }

  /**
   * {@link #visibleRecords(Collection, String...)} for an SOP whose records name groups of their own that work on them
   * (an access resource's or a backup set's owner group, a catalogue item's fulfilment group): also the records where
   * one of {@code groupAttributes} (entity attributes holding a group id) is a group of the caller.
   */
  public <T> Specification<T> visibleRecords(Collection<String> workingGroups, Collection<String> groupAttributes,
      String... personAttributes) {
    Specification<T> concerned = visibleRecords(workingGroups, personAttributes);
    Set<String> groups = currentUser.groups();
    if (seesAll(workingGroups) || groups.isEmpty() || groupAttributes.isEmpty()) {
      return concerned;
    }
    return concerned.or((root, query, cb) -> cb.or(groupAttributes.stream()
        .map(attribute -> root.get(attribute).in(groups)).toArray(Predicate[]::new)));
  }
}
