package io.sopflow.access;

import io.sopflow.domain.ConflictException;

/**
 * A request for a right its beneficiary holds already (a membership, or a grant) or has an open request for: 409
 * naming {@code resource} (or the field of the SOP that asked for the access, say a service request's {@code item}).
 * Nothing is stored.
 */
public class AccessAlreadyRequestedException extends ConflictException {

  private final String field;

  public AccessAlreadyRequestedException(String message) {
    this("resource", message);
  }

  public AccessAlreadyRequestedException(String field, String message) {
    super(message);
    this.field = field;
  }

  @Override
  public String field() {
    return field;
  }
}
