package io.sopflow.change;

import io.sopflow.domain.ForbiddenException;

/** Somebody tried to decide on a change they requested or implement (or to act as a requester they are not). */
public class FourEyesViolationException extends ForbiddenException {

  public FourEyesViolationException(String userId, String changeNumber) {
    super(userId + " may not decide on " + changeNumber + ": requesters and implementers never approve their own change");
  }
}
