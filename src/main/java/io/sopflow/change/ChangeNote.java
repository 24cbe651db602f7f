package io.sopflow.change;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A note on a change: details the requester added, implementation notes, a release outcome, a review summary. */
@Entity
@Table(name = "change_note")
public class ChangeNote {

  /** What the note is about. */
  public enum Kind { DETAILS, ROUTING, IMPLEMENTATION, BACKOUT, RESCHEDULE, RELEASE, REVIEW, ESCALATION, SCHEDULE }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64, updatable = false)
  private String author;

  @Enumerated(EnumType.STRING)
  @Column(name = "note_kind", nullable = false, length = 24, updatable = false)
  private Kind kind;

  @Column(name = "note_text", nullable = false, length = 4000, updatable = false)
  private String text;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected ChangeNote() {}

  ChangeNote(String author, Kind kind, String text, Instant createdAt) {
    this.author = author;
    this.kind = kind;
    this.text = text.length() > 4000 ? text.substring(0, 4000) : text;
    this.createdAt = createdAt;
  }

  public Long getId() { return id; }
  public String getAuthor() { return author; }
  public Kind getKind() { return kind; }
  public String getText() { return text; }
  public Instant getCreatedAt() { return createdAt; }
}
