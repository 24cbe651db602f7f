package io.sopflow.platform.web;

/**
 * A well-formed request that the current state refuses (e.g. a release for a change that is not approved): 422
 * problem+json naming the field. Nothing is changed.
 */
public class UnprocessableRequestException extends RuntimeException {

  private final String field;

  public UnprocessableRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
