package io.sopflow.change;

import java.util.List;
import org.springframework.data.domain.Page;

/** One page of the change list (a stable JSON shape, unlike Spring Data's Page). */
public record ChangePage(List<ChangeSummary> content, int page, int size, long totalElements, int totalPages) {

  static ChangePage of(Page<ChangeSummary> page) {
    return new ChangePage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
        page.getTotalPages());
  }
}
