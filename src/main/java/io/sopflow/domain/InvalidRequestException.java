package io.sopflow.domain;

/** A request that breaks a rule about one field: 400 problem+json naming the field. Nothing is changed. */
public non-sealed class InvalidRequestException extends DomainException {

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public int status() {
    return 400;
  }
}
