package io.sopflow.domain;

/**
 * The caller is known and may see the record, but a rule forbids them this step: four-eyes, self-approval, a role
 * they lack. 403. (Someone who may not even see the record gets {@link RecordNotFoundException} instead.)
 */
public non-sealed class ForbiddenException extends DomainException {

  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public int status() {
    return 403;
  }
}
