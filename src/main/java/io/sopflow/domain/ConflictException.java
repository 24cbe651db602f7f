package io.sopflow.domain;

/** The record is not in a state that allows this (e.g. revoking an already revoked grant): 409. */
public non-sealed class ConflictException extends DomainException {

  public ConflictException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 409;
  }
}
