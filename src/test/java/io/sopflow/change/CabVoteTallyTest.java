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
  void standardTemplateMatchesOnTitlePrefixServiceAndMaxRisk() {
    var template = new ChangeProperties.StandardTemplate("Cert", "Renew certificate", "vpn", RiskLevel.LOW);

    assertThat(template.matches("renew certificate of vpn", List.of("vpn"), RiskLevel.LOW)).isTrue();
    assertThat(template.matches("Renew certificate", List.of("mail"), RiskLevel.LOW)).isFalse();
    assertThat(template.matches("Renew certificate", List.of("vpn"), RiskLevel.MEDIUM)).isFalse();
    assertThat(template.matches("Reboot", List.of("vpn"), RiskLevel.LOW)).isFalse();
  }
}
