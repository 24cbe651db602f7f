package io.sopflow.access;

import io.sopflow.domain.ForbiddenException;

/** Somebody tried to decide on a request they requested or would benefit from. */
public class SelfApprovalException extends ForbiddenException {

  public SelfApprovalException(String message) {
    super(message);
  }
}
