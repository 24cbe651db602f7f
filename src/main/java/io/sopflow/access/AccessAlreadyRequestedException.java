package io.sopflow.access;

import io.sopflow.domain.ConflictException;

/**
 * A request for a right its beneficiary holds already (a membership, or a grant) or has an open request for: 409
 * naming {@code resource}. Nothing is stored.
 */
public class AccessAlreadyRequestedException extends ConflictException {

  public AccessAlreadyRequestedException(String message) {
    super(message);
  }

  @Override
  public String field() {
    return "resource";
  }
}
