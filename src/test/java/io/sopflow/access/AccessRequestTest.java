package io.sopflow.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRequestTest {

  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
  private final AccessResource finance = new AccessResource("finance", "Finance", "finance", RiskLevel.HIGH,
      Duration.ofDays(90), "identity-group", NOW);

  private AccessRequest request() {
    return new AccessRequest("desk", "l2", finance, "month-end", null, NOW.plus(Duration.ofDays(3)), NOW);
  }

  @Test
  void walksFromApprovalsToAnActiveGrantAndRecordsEveryStep() {
    AccessRequest r = request();
    r.segregationChecked(List.of(), null, NOW);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);
    r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, "ok", NOW);
    r.activate(NOW);

    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.ACTIVE);
    assertThat(r.getGrantedAt()).isEqualTo(NOW);
    assertThat(r.getDecisions()).extracting(AccessDecision::getAction).containsExactly("REQUESTED",
        "SOD_CHECK_PASSED", "MANAGER_APPROVED", "OWNER_APPROVED", "GRANTED");
    assertThat(r.getDecisions()).extracting(AccessDecision::getActor).containsExactly("l2", "system", "manager",
        "fin", "system");
  }

  @Test
  void theResourceOwnersApprovalIsASecondPersonsNotTheLineManagersAgain() {
    AccessRequest r = request();
    r.segregationChecked(List.of(), null, NOW);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);

    // the line manager is in the owner group too, or stands in for one of its members: refused either way
    assertThatThrownBy(() -> r.decide(ApprovalStage.RESOURCE_OWNER, "manager", true, "ok", NOW))
        .isInstanceOf(SelfApprovalException.class)
        .hasMessage("The resource owner's approval of " + r.getRequestKey() + " needs a second person: manager "
            + "approved it as line manager");
    assertThatThrownBy(() -> r.decide(ApprovalStage.RESOURCE_OWNER, "fin", "manager", true, "ok", NOW))
        .isInstanceOf(SelfApprovalException.class);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.OWNER_APPROVAL);

    // rejecting is no approval: the line manager may still stop it as an owner
    r.decide(ApprovalStage.RESOURCE_OWNER, "manager", false, "not needed after all", NOW);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.REJECTED);
  }

  @Test
  void aGrantWhoseRevocationWasAskedForWhileProvisioningIsDueForRevocationOnceConfirmed() {
    AccessRequest r = request();
    r.segregationChecked(List.of(), null, NOW);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);
    r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, "ok", NOW);

    r.requestRevocationOnceProvisioned("desk", "leaver", NOW);
    assertThat(r.isRevocationPending()).isTrue();
    assertThat(r.getStatus()).as("provisioning goes on").isEqualTo(AccessRequestStatus.PROVISIONING);
    assertThatThrownBy(() -> r.requestRevocationOnceProvisioned("desk", "leaver", NOW))
        .isInstanceOf(io.sopflow.domain.ConflictException.class);

    r.activate(NOW);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.REVOCATION_REQUESTED);
    assertThat(r.getGrantedAt()).isEqualTo(NOW);
    r.revoked(null, NOW);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.REVOKED);
    assertThat(r.getDecisions()).extracting(AccessDecision::getAction).endsWith("OWNER_APPROVED",
        "REVOCATION_REQUESTED", "GRANTED", "REVOKED");
    assertThat(r.getDecisions().get(r.getDecisions().size() - 1).getActor()).isEqualTo("desk");
  }

  @Test
  void onlyAGrantBeingProvisionedCanBeMarkedForRevocationOnceProvisioned() {
    AccessRequest r = request();
    r.segregationChecked(List.of(), null, NOW);
    assertThatThrownBy(() -> r.requestRevocationOnceProvisioned("desk", "leaver", NOW))
        .isInstanceOf(io.sopflow.domain.ConflictException.class);
  }

  @Test
  void refusesADecisionByTheBeneficiaryOrTheRequester() {
    AccessRequest r = request();
    r.segregationChecked(List.of(), null, NOW);

    assertThatThrownBy(() -> r.decide(ApprovalStage.LINE_MANAGER, "desk", true, null, NOW))
        .isInstanceOf(SelfApprovalException.class);
    assertThatThrownBy(() -> r.decide(ApprovalStage.LINE_MANAGER, "l2", true, null, NOW))
        .isInstanceOf(SelfApprovalException.class);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.MANAGER_APPROVAL);
  }

  @Test
  void refusesADecisionAtTheWrongStage() {
    AccessRequest r = request();
    r.segregationChecked(List.of(), null, NOW);

    assertThatThrownBy(() -> r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, NOW))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void conflictNeedsAJustifiedExceptionBeforeTheManagerDecides() {
    AccessRequest r = request();
    r.segregationChecked(List.of("change-advisory-board"), "desk holds change-advisory-board", NOW);

    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.SOD_REVIEW);
    assertThatThrownBy(() -> r.decide(ApprovalStage.SOD_REVIEW, "secoff", true, " ", NOW))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("field", "comment");
    r.decide(ApprovalStage.SOD_REVIEW, "secoff", true, "audit project", NOW);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.MANAGER_APPROVAL);
  }

  @Test
  void rejectionAndTimeoutEndTheRequest() {
    AccessRequest rejected = request();
    rejected.segregationChecked(List.of(), null, NOW);
    rejected.decide(ApprovalStage.LINE_MANAGER, "manager", false, "no", NOW);
    AccessRequest overdue = request();
    overdue.segregationChecked(List.of(), null, NOW);
    overdue.rejectOverdue(NOW);

    assertThat(rejected.getStatus()).isEqualTo(AccessRequestStatus.REJECTED);
    assertThat(overdue.getStatus()).isEqualTo(AccessRequestStatus.REJECTED);
    assertThat(overdue.getDecisions().get(overdue.getDecisions().size() - 1).getAction()).isEqualTo("AUTO_REJECTED");
    assertThatThrownBy(() -> overdue.rejectOverdue(NOW)).isInstanceOf(ConflictException.class);
  }

  @Test
  void onlyARequestWaitingForAnApprovalCanBeCancelled() {
    AccessRequest atManager = request();
    atManager.segregationChecked(List.of(), null, NOW);
    AccessRequest inSodReview = request();
    inSodReview.segregationChecked(List.of("change-advisory-board"), "desk holds change-advisory-board", NOW);
    AccessRequest atOwner = request();
    atOwner.segregationChecked(List.of(), null, NOW);
    atOwner.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);

    for (AccessRequest pending : java.util.List.of(atManager, inSodReview, atOwner)) {
      AccessDecision decision = pending.cancel("desk", "beneficiary desk left", NOW);
      assertThat(pending.getStatus()).isEqualTo(AccessRequestStatus.CANCELLED);
      assertThat(pending.getEndedAt()).isEqualTo(NOW);
      assertThat(decision.getAction()).isEqualTo("CANCELLED");
      assertThat(decision.getActor()).isEqualTo("desk");
      assertThatThrownBy(() -> pending.cancel("desk", "again", NOW)).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> pending.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, NOW))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> pending.rejectOverdue(NOW)).isInstanceOf(ConflictException.class);
    }
    AccessRequest active = request();
    active.segregationChecked(List.of(), null, NOW);
    active.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);
    active.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, NOW);
    assertThatThrownBy(() -> active.cancel("desk", "left", NOW)).as("provisioning").isInstanceOf(ConflictException.class);
    active.activate(NOW);
    assertThatThrownBy(() -> active.cancel("desk", "left", NOW)).as("active").isInstanceOf(ConflictException.class);
    assertThat(active.getStatus()).isEqualTo(AccessRequestStatus.ACTIVE);
  }

  @Test
  void onlyAnActiveGrantCanBeRevokedOrExpire() {
    AccessRequest r = request();
    assertThatThrownBy(() -> r.requestRevocation("secoff", "x", NOW)).isInstanceOf(ConflictException.class);
    r.segregationChecked(List.of(), null, NOW);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);
    r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, NOW);
    r.activate(NOW);

    r.requestRevocation("secoff", "audit finding", NOW);
    assertThatThrownBy(() -> r.requestRevocation("secoff", "again", NOW)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> r.expired(null, NOW)).isInstanceOf(ConflictException.class);
    r.revoked(null, NOW);

    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.REVOKED);
    assertThat(r.getDecisions().get(r.getDecisions().size() - 1).getActor()).isEqualTo("secoff");
  }

  private AccessRequest approved(AccessRequest r) {
    r.segregationChecked(List.of(), null, NOW);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);
    r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, NOW);
    return r;
  }

  @Test
  void aRequestThatCanNoLongerBeGrantedIsRefusedBeforeAGrantOnly() {
    AccessRequest until = new AccessRequest("desk", "l2", finance, "weekend", NOW.plus(Duration.ofHours(2)),
        NOW.plus(Duration.ofHours(2)), NOW);
    assertThat(until.whyNotGrantable(false, NOW)).isEmpty();
    assertThat(until.whyNotGrantable(false, NOW.plus(Duration.ofHours(2)))).get().asString()
        .contains("as asked for, which has passed");
    assertThat(until.whyNotGrantable(true, NOW)).get().asString().contains("desk's account is locked");
    // no end asked for, but the resource's maximum duration (from the request) ends it: an expired grant all the same
    AccessRequest capped = request();
    assertThat(capped.whyNotGrantable(false, NOW.plus(Duration.ofDays(3)).minusSeconds(1))).isEmpty();
    assertThat(capped.whyNotGrantable(false, NOW.plus(Duration.ofDays(3)))).get().asString()
        .contains("(the resource's maximum duration), which has passed");

    AccessRequest provisioning = approved(request());
    AccessDecision refused = provisioning.refuse("desk's account is locked", NOW);
    assertThat(provisioning.getStatus()).isEqualTo(AccessRequestStatus.REJECTED);
    assertThat(provisioning.getEndedAt()).isEqualTo(NOW);
    assertThat(refused.getAction()).isEqualTo("REFUSED");
    assertThat(refused.getActor()).isEqualTo("system");

    AccessRequest active = approved(request());
    active.activate(NOW);
    assertThatThrownBy(() -> active.refuse("too late", NOW)).isInstanceOf(ConflictException.class);
  }

  @Test
  void anExceptionCoversTheConflictsItWasGrantedForAndNoOthers() {
    AccessRequest r = request();
    assertThat(r.exceptionCovers(List.of())).isTrue();
    r.segregationChecked(List.of("change-advisory-board"), "desk holds change-advisory-board", NOW);
    assertThat(r.exceptionCovers(List.of("change-advisory-board"))).as("not granted yet").isFalse();
    r.decide(ApprovalStage.SOD_REVIEW, "secoff", true, "audit project", NOW);
    r.decide(ApprovalStage.LINE_MANAGER, "manager", true, null, NOW);
    r.decide(ApprovalStage.RESOURCE_OWNER, "fin", true, null, NOW);

    assertThat(r.exceptionCovers(List.of("change-advisory-board"))).isTrue();
    assertThat(r.exceptionCovers(List.of("change-advisory-board", "payroll"))).isFalse();
    assertThat(approved(request()).exceptionCovers(List.of("change-advisory-board"))).isFalse();
  }

  @Test
  void aConflictFoundBeforeProvisioningSendsTheRequestToTheSecurityOfficersAndThroughItsApprovalsAgain() {
    AccessRequest r = approved(request());

    r.conflictFoundBeforeProvisioning(List.of("change-advisory-board"), "desk already holds or asked for "
        + "change-advisory-board (request ACC-000009 MANAGER_APPROVAL), which conflicts with finance", NOW);

    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.SOD_REVIEW);
    assertThat(r.getSodConflict()).contains("ACC-000009");
    assertThat(r.getDecisions().get(r.getDecisions().size() - 1).getComment()).startsWith("found before provisioning");
    r.decide(ApprovalStage.SOD_REVIEW, "secoff", true, "both needed until the audit", NOW);
    assertThat(r.getStatus()).isEqualTo(AccessRequestStatus.MANAGER_APPROVAL);
    assertThatThrownBy(() -> r.conflictFoundBeforeProvisioning(List.of("change-advisory-board"), "x", NOW))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aGrantRemovesOnlyTheRightItAddedAndHandsItToAnotherActiveGrantOfIt() {
    AccessRequest held = approved(request());
    held.provisioned(false);
    held.activate(NOW);
    assertThat(held.removesTheRight()).isFalse();
    assertThat(held.getDecisions().get(held.getDecisions().size() - 1).getComment()).contains("held finance already");

    AccessRequest added = approved(request());
    added.provisioned(true);
    added.activate(NOW);
    AccessRequest other = approved(request());
    other.provisioned(false);
    other.activate(NOW);
    added.handRightOverTo(other);
    assertThat(added.removesTheRight()).isFalse();
    assertThat(other.removesTheRight()).as("the other grant removes it at its end").isTrue();
    assertThatThrownBy(() -> other.handRightOverTo(other)).isInstanceOf(IllegalArgumentException.class);
  }
}
