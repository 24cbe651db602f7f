package io.sopflow.domain;

/**
 * The paging of every list of {@code /api}: {@code page} from 0, {@code size} from 1 to {@value #MAX_SIZE} (default
 * {@value #DEFAULT_SIZE}). A size above the maximum is refused, never silently cut; so is a page whose first row lies
 * beyond what a query's offset can hold.
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
    if ((long) page * size > Integer.MAX_VALUE) {
      throw new InvalidRequestException("page", "is too large: page x size must stay below " + Integer.MAX_VALUE);
    }
  }

  /** From optional request parameters. */
  public static PageQuery of(Integer page, Integer size) {
    return new PageQuery(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
  }
}
