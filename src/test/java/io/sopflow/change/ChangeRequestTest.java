package io.sopflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.change.ChangeProperties.VotingRule;
import io.sopflow.domain.ConflictException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeRequestTest {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void requesterAndImplementerAreLeftOutOfTheCabVote() {
    ChangeRequest change = normalChange("cab1", "cab2");

    List<String> voters = change.openCabVote(List.of("cab1", "cab2", "cab3"), NOW);

    assertThat(voters).containsExactly("cab3");
    assertThat(change.getStatus()).isEqualTo(ChangeStatus.CAB_REVIEW);
  }

  @Test
  void requesterAndImplementerMayNotDecideAndNonVotersMayNotVote() {
    ChangeRequest change = normalChange("cab1", "l2");

    assertThatThrownBy(() -> change.decide(ApprovalStage.REVIEW, "cab1", "APPROVE", null, NOW))
        .isInstanceOf(FourEyesViolationException.class);
    assertThatThrownBy(() -> change.decide(ApprovalStage.REVIEW, "l2", "APPROVE", null, NOW))
        .isInstanceOf(FourEyesViolationException.class);
    change.openCabVote(List.of("cab2", "cab3"), NOW);
    assertThatThrownBy(() -> change.decide(ApprovalStage.CAB, "chgman", "APPROVE", null, NOW))
        .isInstanceOf(FourEyesViolationException.class);
    assertThat(change.getVotes()).isEmpty();
  }

  @Test
  void aCabMemberVotesOnceWithAnAllowedDecision() {
    ChangeRequest change = normalChange("cab1", "l2");
    change.openCabVote(List.of("cab2", "cab3"), NOW);

    change.decide(ApprovalStage.CAB, "cab2", "APPROVE", "fine", NOW);

    assertThatThrownBy(() -> change.decide(ApprovalStage.CAB, "cab2", "REJECT", null, NOW))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> change.decide(ApprovalStage.CAB, "cab3", "MORE_INFO", null, NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(change.cabTally(VotingRule.ALL)).isEqualTo(new CabVoteTally(2, 1, 0, VotingRule.ALL));
  }

  @Test
  void anEscalationCountsForThePassOfTheStageItWasMadeInOnly() {
    ChangeRequest change = normalChange("cab1", "l2");
    change.escalate(ApprovalStage.REVIEW, NOW);
    assertThat(change.isEscalated(ApprovalStage.REVIEW)).isTrue();
    assertThat(change.isEscalated(ApprovalStage.EMERGENCY)).isFalse();

    change.decide(ApprovalStage.REVIEW, "manager", "MORE_INFO", "which hosts?", NOW);
    change.detailsProvided("cab1", "vpn-gw-1 and -2", NOW);

    assertThat(change.getStatus()).isEqualTo(ChangeStatus.IN_REVIEW);
    assertThat(change.isEscalated(ApprovalStage.REVIEW)).as("the second round was not escalated").isFalse();
    change.escalate(ApprovalStage.REVIEW, NOW);
    assertThat(change.isEscalated(ApprovalStage.REVIEW)).isTrue();
    change.openCabVote(List.of("cab2", "cab3"), NOW);
    assertThat(change.isEscalated(ApprovalStage.REVIEW)).isFalse();
    change.reject(NOW);
    assertThatThrownBy(() -> change.escalate(ApprovalStage.CAB, NOW)).isInstanceOf(ConflictException.class);
  }

  @Test
  void moreInformationSendsTheChangeToTheRequesterWhoAloneSendsItBack() {
    ChangeRequest change = normalChange("cab1", "l2");
    change.decide(ApprovalStage.REVIEW, "chgman", "MORE_INFO", "which hosts?", NOW);
    assertThat(change.getStatus()).isEqualTo(ChangeStatus.AWAITING_DETAILS);

    assertThatThrownBy(() -> change.detailsProvided("chgman", "x", NOW)).isInstanceOf(FourEyesViolationException.class);
    change.detailsProvided("cab1", "vpn1, vpn2", NOW);

    assertThat(change.getStatus()).isEqualTo(ChangeStatus.IN_REVIEW);
    assertThat(change.getNotes()).extracting(ChangeNote::getText).contains("vpn1, vpn2");
  }

  @Test
  void onlyAnApprovedChangeIsImplementedAndOnlyAFinishedOneIsClosed() {
    ChangeRequest change = normalChange("cab1", "l2");
    assertThatThrownBy(() -> change.recordImplementation("SUCCEEDED", NOW)).isInstanceOf(ConflictException.class);
    assertThat(change.getApprovedAt()).isNull();
    change.approve(NOW.plus(Duration.ofMinutes(5)));
    assertThat(change.getApprovedAt()).as("the SLA report's approval lead time")
        .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThatThrownBy(() -> change.close(NOW)).isInstanceOf(ConflictException.class);

    change.recordImplementation("FAILED", NOW);
    change.backedOut(NOW);
    change.close(NOW);

    assertThat(change.getStatus()).isEqualTo(ChangeStatus.CLOSED);
    assertThatThrownBy(() -> change.reject(NOW)).isInstanceOf(ConflictException.class);
  }

  @Test
  void rescheduleNeedsAnApprovedChangeAndAnOrderedWindow() {
    ChangeRequest change = normalChange("cab1", "l2");
    change.approve(NOW);
    Instant start = NOW.plus(Duration.ofDays(5));

    assertThatThrownBy(() -> change.reschedule(start, start.minusSeconds(1), NOW))
        .isInstanceOf(IllegalArgumentException.class);
    change.reschedule(start, start.plus(Duration.ofHours(1)), NOW);

    assertThat(change.view().plannedStart()).isEqualTo(start);
  }

  @Test
  void overlapNeedsASharedServiceAndAnOverlappingWindow() {
    ChangeRequest vpn = normalChange("cab1", "l2");
    ChangeRequest vpnLater = change(List.of("vpn"), NOW.plus(Duration.ofDays(30)));
    ChangeRequest mail = change(List.of("mail"), NOW.plus(Duration.ofDays(1)));

    assertThat(vpn.overlaps(change(List.of("vpn", "dns"), NOW.plus(Duration.ofDays(1)).plusSeconds(3600)))).isTrue();
    assertThat(vpn.overlaps(vpnLater)).isFalse();
    assertThat(vpn.overlaps(mail)).isFalse();
  }

  @Test
  void numberIsDerivedFromTheId() throws Exception {
    ChangeRequest change = normalChange("cab1", "l2");
    Field id = ChangeRequest.class.getDeclaredField("id");
    id.setAccessible(true);
    id.set(change, 42L);

    change.assignNumber();

    assertThat(change.getNumber()).isEqualTo("CHG-000042");
  }

  @Test
  void anOverdueCabVoteRecordedOnBehalfCountsAsTheMembersAndSaysWhoRecordedItAndWhy() {
    ChangeRequest change = normalChange("desk", "l2");
    change.openCabVote(List.of("cab2", "cab3"), NOW);

    ChangeVote vote = change.decideOnBehalf("cab3", "chgman", "APPROVE", "on leave", NOW);

    assertThat(vote.getVoter()).isEqualTo("cab3");
    assertThat(vote.getRecordedBy()).isEqualTo("chgman");
    assertThat(vote.getComment()).isEqualTo("chgman on behalf of cab3: on leave");
    assertThatThrownBy(() -> change.decide(ApprovalStage.CAB, "cab3", "REJECT", null, NOW))
        .as("the member's vote is cast").isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> change.decideOnBehalf("cab2", "desk", "APPROVE", "x", NOW))
        .as("never the requester").isInstanceOf(FourEyesViolationException.class);
    assertThatThrownBy(() -> change.decideOnBehalf("fin", "chgman", "APPROVE", "x", NOW))
        .as("only for a voter").isInstanceOf(ConflictException.class);
  }

  @Test
  void anEmergencyChangeIsApprovedByTwoDifferentPeopleAndRejectedByOne() {
    ChangeRequest approved = new ChangeRequest("Block port", "d", ChangeType.EMERGENCY, ApprovalRoute.EMERGENCY, null,
        RiskLevel.HIGH, List.of("ids"), "plan", "backout", "tests", true, true, NOW, NOW.plus(Duration.ofHours(1)),
        "desk", "l2", NOW);
    approved.decide(ApprovalStage.EMERGENCY, "cab1", "APPROVE", null, NOW);
    assertThat(approved.emergencyTally()).isEqualTo(new DecisionResult(false, false));
    assertThatThrownBy(() -> approved.decide(ApprovalStage.EMERGENCY, "cab1", "APPROVE", null, NOW))
        .isInstanceOf(io.sopflow.domain.ForbiddenException.class);
    approved.decide(ApprovalStage.EMERGENCY, "cab2", "APPROVE", null, NOW);
    assertThat(approved.emergencyTally()).isEqualTo(new DecisionResult(true, true));

    ChangeRequest rejected = new ChangeRequest("Block port", "d", ChangeType.EMERGENCY, ApprovalRoute.EMERGENCY, null,
        RiskLevel.HIGH, List.of("ids"), "plan", "backout", "tests", true, true, NOW, NOW.plus(Duration.ofHours(1)),
        "desk", "l2", NOW);
    rejected.decide(ApprovalStage.EMERGENCY, "cab1", "REJECT", null, NOW);
    assertThat(rejected.emergencyTally()).isEqualTo(new DecisionResult(false, true));
  }

  static ChangeRequest normalChange(String requester, String implementer) {
    return new ChangeRequest("Upgrade VPN", "d", ChangeType.NORMAL, ApprovalRoute.NORMAL, null, RiskLevel.MEDIUM,
        List.of("vpn"), "plan", "backout", "tests", true, true, NOW.plus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(1)).plus(Duration.ofHours(4)), requester, implementer, NOW);
  }

  private static ChangeRequest change(List<String> services, Instant start) {
    return new ChangeRequest("Other", "d", ChangeType.NORMAL, ApprovalRoute.NORMAL, null, RiskLevel.MEDIUM, services,
        "plan", "backout", "tests", true, true, start, start.plus(Duration.ofHours(2)), "desk", "l3", NOW);
  }
}
