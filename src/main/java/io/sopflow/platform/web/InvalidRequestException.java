package io.sopflow.platform.web;

/** A request that breaks a rule about one field: 400 problem+json naming the field. Nothing is changed. */
public class InvalidRequestException extends RuntimeException {

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
