package io.sopflow.sop;

import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.platform.process.ConfidentialInstances;
import io.sopflow.sop.SopApi.PendingRevision;
import io.sopflow.sop.SopApi.SopView;
import io.sopflow.sop.SopModels.SopModel;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SOP catalogue ("distribution"): every governed SOP with the version in force, its owner group, its purpose and
 * scope (the process documentation of the version in force: its first sentence is the purpose, the rest the scope),
 * the instances still running per version, a revision waiting for review and the next periodic review.
 */
@Service
@Transactional(readOnly = true)
public class SopCatalogue implements NotificationModelContributor {

  private final SopRevisionService revisions;
  private final SopModels models;
  private final ObjectProvider<ReviewDueDates> reviewSchedule;
  private final CurrentUser currentUser;

  SopCatalogue(SopRevisionService revisions, SopModels models, ObjectProvider<ReviewDueDates> reviewSchedule,
      CurrentUser currentUser) {
    this.revisions = revisions;
    this.models = models;
    this.reviewSchedule = reviewSchedule;
    this.currentUser = currentUser;
  }

  public List<SopView> sops() {
    return revisions.governedProcessKeys().stream().map(this::sop).toList();
  }

  public SopView sop(String processKey) {
    SopRevision inForce = revisions.inForce(processKey)
        .orElseThrow(() -> new RecordNotFoundException("SOP", processKey));
    SopModel model = models.model(inForce.getProcessDefinitionId())
        .orElse(new SopModel(processKey, processKey, inForce.getVersion(), null, SopModels.DEFAULT_OWNER_GROUP, null,
            null));
    String[] purposeAndScope = purposeAndScope(model.documentation());
    PendingRevision pending = revisions.history(processKey).stream()
        .filter(r -> r.getStatus() == SopRevisionStatus.PROPOSED).findFirst()
        .map(r -> new PendingRevision(r.key(), r.getVersion(), r.getVersionTag(), r.getAuthor(), r.getDeployedAt()))
        .orElse(null);
    ReviewDueDates schedule = reviewSchedule.getIfAvailable();
    Instant nextReviewDue = schedule == null ? null : schedule.nextReviewDue(processKey).orElse(null);
    return new SopView(processKey, model.name(), purposeAndScope[0], purposeAndScope[1], model.ownerGroup(),
        inForce.getVersion(), inForce.getVersionTag(), inForce.getEffectiveFrom(), nextReviewDue,
        openInstancesPerVersion(processKey), pending);
  }

  /**
   * The running instances per version; for a confidential SOP (security incidents) only to those who see all of
   * them, since a count that rises right after one's own doing tells whether it was detected.
   */
  private Map<Integer, Long> openInstancesPerVersion(String processKey) {
    return ConfidentialInstances.mayCount(processKey, currentUser.groups()) ? models.openInstancesPerVersion(processKey)
        : Map.of();
  }

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(SopRevision.KEY_PREFIX);
  }

  /** What the revision mails show: the SOP, the version, who deployed and decided it, the notes and the summary. */
  @Override
  public Map<String, Object> model(String reference) {
    SopRevision revision = revisions.byKey(reference).orElseThrow(() -> new RecordNotFoundException("SOP revision",
        reference));
    Map<String, Object> model = new HashMap<>();
    model.put("processKey", revision.getProcessKey());
    model.put("sopName", models.model(revision.getProcessDefinitionId()).map(SopModel::name)
        .orElse(revision.getProcessKey()));
    model.put("version", revision.getVersion());
    model.put("versionTag", revision.getVersionTag() == null ? "no version tag" : revision.getVersionTag());
    model.put("author", revision.getAuthor());
    model.put("approver", revision.getApprover() == null ? "" : revision.getApprover());
    model.put("effectiveFrom", revision.getEffectiveFrom() == null ? "" : revision.getEffectiveFrom().toString());
    model.put("notes", revision.getNotes() == null ? "" : revision.getNotes());
    model.put("changeSummary", revision.getChangeSummary() == null ? "" : revision.getChangeSummary());
    return model;
  }

  /** The documentation's first sentence (the purpose) and the rest (the scope); nulls where there is none. */
  static String[] purposeAndScope(String documentation) {
    if (documentation == null || documentation.isBlank()) {
      return new String[] {null, null};
    }
    String text = documentation.strip().replaceAll("\\s+", " ");
    int end = text.indexOf(". ");
    if (end < 0) {
      return new String[] {text, null};
    }
    return new String[] {text.substring(0, end + 1), text.substring(end + 2)};
  }
}
