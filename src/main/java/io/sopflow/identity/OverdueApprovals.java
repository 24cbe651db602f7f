package io.sopflow.identity;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Who an overdue approval waiting for a person by name goes to (issue #23): the person's delegate in force where
 * there is one, else the person's line manager. One home for the rule; the SOPs' escalation delegates ask it and do
 * the engine side (offer the task, set who is mailed).
 */
@Component
public class OverdueApprovals {

  private final Supplier<Substitutes> substitutes;
  private final Directory directory;

  @Autowired
  public OverdueApprovals(ObjectProvider<Substitutes> substitutes, Directory directory) {
    this.substitutes = () -> substitutes.getIfAvailable(() -> Substitutes.NONE);
    this.directory = directory;
  }

  /** For process tests: over a fixed set of substitutes. */
  public OverdueApprovals(Substitutes substitutes, Directory directory) {
    this.substitutes = () -> substitutes;
    this.directory = directory;
  }

  /** The delegate standing in for {@code person} now on a task of scope {@code taskScope}, if any. */
  public Optional<String> delegateOf(String person, Collection<String> taskScope) {
    return substitutes.get().substituteFor(person, taskScope).filter(delegate -> !delegate.equals(person));
  }

  /**
   * Where an overdue approval waiting for {@code person} escalates to: their delegate where there is one, else their
   * line manager; never to anyone in {@code notTo} (those it went to already, the people four-eyes excludes). Empty
   * when there is nobody (the SOP then falls back to what it did before).
   */
  public Optional<Escalation> escalationFor(String person, Collection<String> taskScope, Collection<String> notTo) {
    Optional<Escalation> toDelegate = delegateOf(person, taskScope).filter(d -> !notTo.contains(d))
        .map(d -> new Escalation(d, true));
    return toDelegate.or(() -> directory.managerOf(person)
        .filter(m -> !m.equals(person) && !notTo.contains(m)).map(m -> new Escalation(m, false)));
  }

  /** The person an overdue approval goes to; {@code delegate}: as {@code person}'s delegate (acting for them). */
  public record Escalation(String to, boolean delegate) {}
}
