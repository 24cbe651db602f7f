package io.sopflow.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProjectClosureTest {

  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
  private static final BigDecimal FIVE = new BigDecimal("5");

  @Test
  void movesToSignOffOnlyOnceEveryDeliverableIsVerifiedAndAccepted() {
    ProjectClosure closure = closure("100000");
    closure.verifyDeliverable(1L, true, null, "pm", null, NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.VERIFYING);
    closure.verifyDeliverable(2L, true, null, "pm", null, NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.SIGN_OFF);
    assertThat(closure.allDeliverablesAccepted()).isTrue();
  }

  @Test
  void sendsOpenDeliverablesToResolutionAndVerifiesOnlyThoseAgain() {
    ProjectClosure closure = closure("100000");
    closure.verifyDeliverable(1L, false, "Rollback missing", "pm", null, NOW);
    closure.verifyDeliverable(2L, true, null, "pm", null, NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.RESOLVING);
    assertThat(closure.openDeliverables()).extracting(Deliverable::getName).containsExactly("Runbook");

    closure.resolveOpenDeliverables("Written");
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.VERIFYING);
    assertThat(closure.pendingDeliverables()).extracting(Deliverable::getId).containsExactly(1L);
    assertThat(closure.deliverable(1L).getResolutionNote()).isEqualTo("Written");
    assertThat(closure.deliverable(1L).getRejectionCount()).isEqualTo(1);

    closure.verifyDeliverable(1L, true, "Fine now", "pm", null, NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.SIGN_OFF);
  }

  @Test
  void requiresANoteForADeliverableThatIsNotAccepted() {
    ProjectClosure closure = closure("100");
    assertThatThrownBy(() -> closure.verifyDeliverable(1L, false, " ", "pm", null, NOW))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("required");
    assertThat(closure.deliverable(1L).isPending()).isTrue();
  }

  @Test
  void refusesToVerifyADeliverableTwiceInOneRound() {
    ProjectClosure closure = closure("100");
    closure.verifyDeliverable(1L, true, null, "pm", null, NOW);
    assertThatThrownBy(() -> closure.verifyDeliverable(1L, true, null, "pm", null, NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void returnsARefusedSignOffToTheProjectManagerWithItsReason() {
    ProjectClosure closure = signOffPending();
    assertThatThrownBy(() -> closure.refuseSignOff("manager", "", NOW)).isInstanceOf(InvalidRequestException.class);
    closure.refuseSignOff("manager", "Handover missing", NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.SIGN_OFF_REFUSED);
    assertThat(closure.getLastRefusalReason()).isEqualTo("Handover missing");
    assertThatThrownBy(() -> closure.signOff("manager", null, null, NOW)).isInstanceOf(ConflictException.class);

    closure.addressRefusal("Handover done");
    closure.signOff("manager", null, "ok", NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.WRAPPING_UP);
    assertThat(closure.getSignOffRefusals()).isEqualTo(1);
    assertThat(closure.getSignedOffBy()).isEqualTo("manager");
  }

  @Test
  void letsManagersSignOffOnlyAfterAnEscalation() {
    ProjectClosure closure = signOffPending();
    assertThat(closure.maySignOff("manager", true)).isTrue();
    assertThat(closure.maySignOff("boss", true)).isFalse();
    assertThat(closure.maySignOff("pm", false)).isFalse();
    assertThat(closure.escalateSignOff(NOW)).isTrue();
    assertThat(closure.escalateSignOff(NOW)).isFalse();
    assertThat(closure.maySignOff("boss", true)).isTrue();
    assertThat(closure.maySignOff("desk", false)).isFalse();
  }

  @Test
  void aRefusalEndsTheSignOffRoundAndTheNextRoundIsEscalatedOnItsOwn() {
    ProjectClosure closure = signOffPending();
    assertThat(closure.escalateSignOff(NOW)).isTrue();
    closure.refuseSignOff("manager", "Handover missing", NOW);
    closure.addressRefusal("Handover done");

    assertThat(closure.getSignOffEscalatedAt()).isNull();
    assertThat(closure.maySignOff("boss", true)).as("not escalated in this round").isFalse();
    assertThat(closure.escalateSignOff(NOW.plusSeconds(60))).isTrue();
    assertThat(closure.getSignOffEscalatedAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(closure.maySignOff("boss", true)).isTrue();
  }

  @Test
  void computesTheCostVarianceAndItsPercentageOnlyFromTheActualCostFinanceEnters() {
    ProjectClosure requested = closure("100000");
    assertThat(requested.getActualCost()).isNull();
    assertThat(requested.variance()).isNull();
    assertThat(requested.variancePercent()).isEmpty();
    assertThat(requested.varianceExplanationRequired(FIVE)).isFalse();

    ProjectClosure overrun = financed("100000", "108000");
    assertThat(overrun.variance()).isEqualByComparingTo("8000");
    assertThat(overrun.variancePercent()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("8.00"));
    assertThat(overrun.varianceExplanationRequired(FIVE)).isTrue();

    ProjectClosure underrun = financed("100000", "95000");
    assertThat(underrun.variancePercent()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("-5.00"));
    assertThat(underrun.varianceExplanationRequired(FIVE)).as("exactly at the threshold").isFalse();
    assertThat(financed("100000", "94999").varianceExplanationRequired(FIVE)).isTrue();

    ProjectClosure noBudget = financed("0", "10");
    assertThat(noBudget.variancePercent()).isEmpty();
    assertThat(noBudget.varianceExplanationRequired(FIVE)).isTrue();
    assertThat(financed("0", "0").varianceExplanationRequired(FIVE)).isFalse();
  }

  @Test
  void requiresAVarianceExplanationAboveTheThreshold() {
    ProjectClosure closure = wrappingUp("100000");
    assertThatThrownBy(() -> closure.closeFinances(new BigDecimal("108000"), "  ", FIVE, "fin", NOW))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("varianceExplanation"));
    assertThat(closure.getFinanceClosedAt()).isNull();
    assertThat(closure.getActualCost()).as("nothing kept from a refused entry").isNull();
    assertThatThrownBy(() -> closure.closeFinances(null, "x", FIVE, "fin", NOW))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("actualCost"));
    closure.closeFinances(new BigDecimal("108000"), "Licences", FIVE, "fin", NOW);
    assertThat(closure.getVarianceExplanation()).isEqualTo("Licences");
    assertThat(closure.variance()).isEqualByComparingTo("8000");

    ProjectClosure onBudget = wrappingUp("100000");
    onBudget.closeFinances(new BigDecimal("101000"), null, FIVE, "fin", NOW);
    assertThat(onBudget.getFinanceClosedBy()).isEqualTo("fin");
  }

  @Test
  void releasesResourcesOnlyWithTheWholeChecklistConfirmed() {
    ProjectClosure closure = wrappingUp("100");
    assertThatThrownBy(() -> closure.releaseResources(true, false, true, null, "pm", NOW))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("environmentsDecommissioned"));
    closure.releaseResources(true, true, true, "all gone", "pm", NOW);
    assertThat(closure.isTeamReleased()).isTrue();
  }

  @Test
  void attachesTheReportOnlyAfterTheWholeWrapUpAndClosesWithTheReview() {
    ProjectClosure closure = wrappingUp("100");
    closure.recordLessons("a", "b", "c", "pm", NOW);
    closure.closeFinances(new BigDecimal("100"), null, FIVE, "fin", NOW);
    assertThatThrownBy(() -> closure.attachReport("<html/>", NOW, NOW)).isInstanceOf(ConflictException.class);
    closure.releaseResources(true, true, true, null, "pm", NOW);
    closure.attachReport("<html/>", NOW, NOW.plusSeconds(60));
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.REVIEW_SCHEDULED);
    assertThat(closure.getReviewDueAt()).isEqualTo(NOW.plusSeconds(60));
    assertThatThrownBy(() -> closure.completeReview(" ", "pm", NOW)).isInstanceOf(InvalidRequestException.class);
    closure.completeReview("Benefits realised", "pm", NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.CLOSED);
    assertThat(closure.getClosedAt()).isEqualTo(NOW);
  }

  @Test
  void replacesTheClientContactWhileDeliverablesAreVerifiedOrResolvedKeepingWhoVerifiedSoFar() {
    ProjectClosure closure = closure("100");
    closure.verifyDeliverable(1L, true, null, "client", null, NOW);

    assertThat(closure.replaceClientContact("cab3")).isEqualTo("client");
    assertThat(closure.getClientContact()).isEqualTo("cab3");
    assertThat(closure.deliverable(1L).getVerifiedBy()).isEqualTo("client");

    closure.verifyDeliverable(2L, false, "Not held yet", "cab3", null, NOW);
    assertThat(closure.getStatus()).isEqualTo(ProjectClosure.Status.RESOLVING);
    assertThat(closure.replaceClientContact("cab1")).as("the next round is still to be accepted").isEqualTo("cab3");
  }

  @Test
  void refusesToReplaceTheClientContactOnceTheDeliverablesAreAcceptedNamingTheStatus() {
    ProjectClosure signOff = signOffPending();
    assertThatThrownBy(() -> signOff.replaceClientContact("cab3")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("SIGN_OFF");
    signOff.refuseSignOff("manager", "Handover missing", NOW);
    assertThatThrownBy(() -> signOff.replaceClientContact("cab3")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("SIGN_OFF_REFUSED");

    ProjectClosure closed = wrappingUp("100");
    assertThatThrownBy(() -> closed.replaceClientContact("cab3")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("WRAPPING_UP");
    closed.recordLessons("a", "b", "c", "pm", NOW);
    closed.closeFinances(new BigDecimal("100"), null, FIVE, "fin", NOW);
    closed.releaseResources(true, true, true, null, "pm", NOW);
    closed.attachReport("<html/>", NOW, NOW);
    assertThatThrownBy(() -> closed.replaceClientContact("cab3")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("REVIEW_SCHEDULED");
    closed.completeReview("Benefits realised", "pm", NOW);
    assertThatThrownBy(() -> closed.replaceClientContact("cab3")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("CLOSED");
    assertThat(closed.getClientContact()).isEqualTo("client");
    assertThat(signOff.getClientContact()).isEqualTo("client");
  }

  @Test
  void refusesNegativeAmounts() {
    assertThatThrownBy(() -> closure("-1")).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("budget"));
    assertThatThrownBy(() -> financed("1", "-1")).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("actualCost"));
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  static ProjectClosure closure(String budget) {
    ProjectClosure closure = new ProjectClosure("APOLLO", "Apollo", "pm", "manager", "client", new BigDecimal(budget),
        "pm", NOW);
    closure.addDeliverable("Runbook", "Reviewed");
    closure.addDeliverable("Training", "Held");
    long id = 1;
    for (Deliverable d : closure.getDeliverables()) {
      setId(d, id++);
    }
    return closure;
  }

  private static ProjectClosure signOffPending() {
    ProjectClosure closure = closure("100");
    closure.verifyDeliverable(1L, true, null, "pm", null, NOW);
    closure.verifyDeliverable(2L, true, null, "pm", null, NOW);
    return closure;
  }

  /** Wrapping up, with finance's actual cost entered (explained, whatever the variance). */
  static ProjectClosure financed(String budget, String actual) {
    ProjectClosure closure = wrappingUp(budget);
    closure.closeFinances(new BigDecimal(actual), "explained", FIVE, "fin", NOW);
    return closure;
  }

  static ProjectClosure wrappingUp(String budget) {
    ProjectClosure closure = closure(budget);
    closure.verifyDeliverable(1L, true, null, "pm", null, NOW);
    closure.verifyDeliverable(2L, true, null, "pm", null, NOW);
    closure.signOff("manager", null, null, NOW);
    return closure;
  }

  /** Ids come from the database; unit tests set them as JPA would. */
  private static void setId(Deliverable deliverable, long id) {
    try {
      Field field = Deliverable.class.getDeclaredField("id");
      field.setAccessible(true);
      field.set(deliverable, id);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
