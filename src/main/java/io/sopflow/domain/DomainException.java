package io.sopflow.domain;

/**
 * A refusal by a domain rule: the request is not carried out and nothing is changed. One of four kinds, each with
 * one HTTP status wherever it surfaces (the {@code /api} problem handler, Tasklist, {@code /engine-rest}): 404, 409,
 * 403, and 400 for invalid input, of which {@link UnprocessableRequestException} is the 422.
 */
public abstract sealed class DomainException extends RuntimeException
    permits RecordNotFoundException, ConflictException, InvalidRequestException, ForbiddenException {

  protected DomainException(String message) {
    super(message);
  }

  /** The HTTP status of this kind of refusal. */
  public abstract int status();

  /** The request field the refusal is about, or {@code null} if it is about the record as a whole. */
  public String field() {
    return null;
  }
}
