package io.sopflow.sop;

import io.sopflow.sop.SopApi.RevisionView;
import io.sopflow.sop.SopApi.SopView;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SOP catalogue and each SOP's revision history, readable by every signed-in user: the SOPs are the department's
 * published procedures. Revisions change only through deployments and their review ({@code SopRevisionProcess}).
 */
@RestController
@RequestMapping("/api/sops")
class SopController {

  private final SopCatalogue catalogue;
  private final SopRevisionService revisions;

  SopController(SopCatalogue catalogue, SopRevisionService revisions) {
    this.catalogue = catalogue;
    this.revisions = revisions;
  }

  @GetMapping
  List<SopView> sops() {
    return catalogue.sops();
  }

  @GetMapping("/{key}")
  SopView sop(@PathVariable String key) {
    return catalogue.sop(key);
  }

  @GetMapping("/{key}/revisions")
  List<RevisionView> revisions(@PathVariable String key) {
    return revisions.revisions(key);
  }
}
