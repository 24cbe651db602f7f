package io.sopflow.platform.web;

/** The record is not in a state that allows this (e.g. revoking an already revoked grant): 409. */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
