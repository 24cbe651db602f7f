package io.sopflow.domain;

import java.util.List;
import java.util.function.Function;

/** One page of a list of {@code /api}: the same JSON shape for every SOP. */
public record RecordPage<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

  public RecordPage {
    content = List.copyOf(content);
  }

  public static <E, T> RecordPage<T> of(PageQuery query, List<E> rows, long total, Function<E, T> view) {
    int pages = (int) ((total + query.size() - 1) / query.size());
    return new RecordPage<>(rows.stream().map(view).toList(), query.page(), query.size(), total, pages);
  }
}
