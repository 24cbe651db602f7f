package io.sopflow.securityincident;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.LocalDate;

/** An action agreed in the post-incident review: what, who owns it, by when. */
@Embeddable
public class ReviewAction {

  @Column(name = "description", nullable = false, length = 500)
  private String description;

  @Column(name = "action_owner", nullable = false, length = 64)
  private String owner;

  @Column(name = "due_date", nullable = false)
  private LocalDate dueDate;

  protected ReviewAction() {}

  public ReviewAction(String description, String owner, LocalDate dueDate) {
    this.description = description;
    this.owner = owner;
    this.dueDate = dueDate;
  }

  public String getDescription() { return description; }
  public String getOwner() { return owner; }
  public LocalDate getDueDate() { return dueDate; }
}
