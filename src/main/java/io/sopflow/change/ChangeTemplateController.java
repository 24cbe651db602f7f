package io.sopflow.change;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/change-templates}: the catalogue of standard (pre-approved) changes. A STANDARD request names one
 * by {@code key} in {@code "template"}; every signed-in user may read the catalogue.
 */
@RestController
class ChangeTemplateController {

  /** One catalogue entry as the API shows it. */
  record ChangeTemplate(String key, String name, String description, String service, RiskLevel maxRisk) {}

  private final ChangeService changeService;

  ChangeTemplateController(ChangeService changeService) {
    this.changeService = changeService;
  }

  @GetMapping("/api/change-templates")
  List<ChangeTemplate> list() {
    return changeService.templates().stream()
        .map(t -> new ChangeTemplate(t.key(), t.name(), t.description(), t.service(), t.maxRisk())).toList();
  }
}
