package io.sopflow.problem;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.Serializable;
import java.util.Objects;
import org.springframework.data.domain.Persistable;

/**
 * One incident linked to a problem. A record of its own rather than a collection inside {@link Problem}: a problem on
 * a flapping configuration item collects thousands of incidents, and a collection would be read whole each time the
 * problem is loaded or one more incident is linked. Created only by {@link Problem#link}, which refuses a closed or
 * rejected problem.
 */
@Entity
@Table(name = "problem_incident")
@IdClass(ProblemIncident.Key.class)
class ProblemIncident implements Persistable<ProblemIncident.Key> {

  @Id
  @Column(name = "problem_id")
  private Long problemId;

  @Id
  @Column(name = "incident_number", length = 20)
  private String incidentNumber;

  // A link is created once and never changed: saving a new one inserts it without reading it first.
  @Transient
  private boolean isNew = true;

  protected ProblemIncident() {}

  ProblemIncident(Long problemId, String incidentNumber) {
    this.problemId = Objects.requireNonNull(problemId);
    this.incidentNumber = Objects.requireNonNull(incidentNumber);
  }

  String getIncidentNumber() { return incidentNumber; }

  @Override
  public Key getId() { return new Key(problemId, incidentNumber); }

  @Override
  public boolean isNew() { return isNew; }

  @PostLoad
  @PostPersist
  void stored() { isNew = false; }

  /** The composite key: a problem lists an incident at most once. */
  static class Key implements Serializable {
    private Long problemId;
    private String incidentNumber;

    protected Key() {}

    Key(Long problemId, String incidentNumber) {
      this.problemId = problemId;
      this.incidentNumber = incidentNumber;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(problemId, k.problemId) && Objects.equals(incidentNumber, k.incidentNumber);
    }

    @Override
    public int hashCode() {
      return Objects.hash(problemId, incidentNumber);
    }
  }
}
