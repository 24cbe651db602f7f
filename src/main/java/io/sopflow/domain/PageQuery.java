package io.sopflow.domain;

/**
 * The paging of every list of {@code /api}: {@code page} from 0, {@code size} from 1 to {@value #MAX_SIZE} (default
 * {@value #DEFAULT_SIZE}). A size above the maximum is refused, never silently cut.
 */
public record PageQuery(int page, int size) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;

  public PageQuery {
    if (page < 0) {
      throw new InvalidRequestException("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
    }
  }

  /** From optional request parameters. */
  public static PageQuery of(Integer page, Integer size) {
    return new PageQuery(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
  }
}
