package io.sopflow.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.change.ChangeProperties.VotingRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class CabVoteTallyTest {

  @Test
  void allRuleNeedsEveryApprovalAndIsUndecidedBefore() {
    assertThat(new CabVoteTally(3, 2, 0, VotingRule.ALL).decided()).isFalse();
    assertThat(new CabVoteTally(3, 3, 0, VotingRule.ALL).approved()).isTrue();
  }

  @Test
  void majorityRuleApprovesWithMoreThanHalf() {
    assertThat(new CabVoteTally(3, 2, 0, VotingRule.MAJORITY).approved()).isTrue();
    assertThat(new CabVoteTally(3, 2, 0, VotingRule.MAJORITY).decided()).isTrue();
    assertThat(new CabVoteTally(4, 2, 0, VotingRule.MAJORITY).approved()).isFalse();
    assertThat(new CabVoteTally(4, 2, 0, VotingRule.MAJORITY).decided()).isFalse();
  }

  @Test
  void anyVetoRejectsUnderEitherRule() {
    for (VotingRule rule : VotingRule.values()) {
      CabVoteTally tally = new CabVoteTally(5, 4, 1, rule);
      assertThat(tally.approved()).isFalse();
      assertThat(tally.decided()).isTrue();
    }
  }

  @Test
  void withoutEligibleMembersNothingIsApproved() {
    CabVoteTally tally = new CabVoteTally(0, 0, 0, VotingRule.ALL);
    assertThat(tally.approved()).isFalse();
    assertThat(tally.decided()).isTrue();
  }

  @Test
  void aStandardTemplateIsPreApprovedOnlyForItsServiceAndUpToItsMaxRisk() {
    var template = new ChangeProperties.StandardTemplate("cert", "Certificate renewal", null, "vpn", RiskLevel.LOW);

    assertThat(template.mismatch(List.of("vpn"), RiskLevel.LOW)).isEmpty();
    assertThat(template.mismatch(List.of("mail"), RiskLevel.LOW)).hasValueSatisfying(m -> assertThat(m).contains("vpn"));
    assertThat(template.mismatch(List.of("vpn"), RiskLevel.MEDIUM)).hasValueSatisfying(m -> assertThat(m).contains("MEDIUM"));
  }

  @Test
  void aFreezeWindowCatchesAChangeWhoseWindowReachesIntoItNotOnlyOneThatStartsInIt() {
    var freeze = new ChangeProperties.FreezeWindow("Year end", java.time.OffsetDateTime.parse("2026-12-15T00:00:00+01:00"),
        java.time.OffsetDateTime.parse("2027-01-05T00:00:00+01:00"));
    java.time.Instant before = java.time.Instant.parse("2026-12-14T20:00:00Z");

    assertThat(freeze.overlaps(before, before.plusSeconds(6 * 3600))).as("starts before, ends inside").isTrue();
    assertThat(freeze.overlaps(before, before.plusSeconds(3600))).as("ends before it starts").isFalse();
    assertThat(freeze.overlaps(java.time.Instant.parse("2027-01-04T22:00:00Z"),
        java.time.Instant.parse("2027-01-05T02:00:00Z"))).as("starts inside").isTrue();
  }
}
