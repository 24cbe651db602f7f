package io.sopflow.sop.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

/** The review record and schedule guard their own state; intervals are calendar periods in UTC. */
class SopReviewTest {

  private static final Instant DUE = Instant.parse("2027-12-05T23:30:00Z");

  @Test
  void aReviewIsKeyedByItsSopAndTheUtcDayItFellDueAndIsRecordedOnce() {
    SopReview review = new SopReview("ChangeApprovalProcess", DUE, "change-managers", "node-a", DUE);
    assertThat(review.getReviewKey()).isEqualTo("RVW-ChangeApprovalProcess-2027-12-05");
    assertThat(review.getStatus()).isEqualTo(SopReview.Status.OPEN);

    Instant next = Instant.parse("2028-12-06T09:00:00Z");
    review.complete(ReviewOutcome.NO_CHANGE_NEEDED, null, "chgman", DUE.plusSeconds(3600), next);
    assertThat(review.getStatus()).isEqualTo(SopReview.Status.COMPLETED);
    assertThat(review.getNextReviewDue()).isEqualTo(next);
    assertThatThrownBy(() -> review.complete(ReviewOutcome.REVISION_PLANNED, "again", "owner", DUE, next))
        .isInstanceOf(ConflictException.class);
    assertThat(review.getOutcome()).isEqualTo(ReviewOutcome.NO_CHANGE_NEEDED);
    assertThat(review.getReviewedBy()).isEqualTo("chgman");
  }

  @Test
  void theScheduleRestartsItsIntervalFromAReviewOrARevisionInForce() {
    SopReviewSchedule schedule = new SopReviewSchedule("IncidentEscalationProcess", Period.ofYears(1),
        Instant.parse("2026-02-28T10:00:00Z"));
    assertThat(schedule.getNextReviewDue()).isEqualTo(Instant.parse("2027-02-28T10:00:00Z"));
    assertThat(schedule.isDue(Instant.parse("2027-02-28T09:59:59Z"))).isFalse();
    assertThat(schedule.isDue(Instant.parse("2027-02-28T10:00:00Z"))).isTrue();

    schedule.reviewed(Instant.parse("2027-03-01T08:00:00Z"), Period.ofMonths(6));
    assertThat(schedule.getLastReviewedAt()).isEqualTo(Instant.parse("2027-03-01T08:00:00Z"));
    assertThat(schedule.getNextReviewDue()).isEqualTo(Instant.parse("2027-09-01T08:00:00Z"));
    assertThat(schedule.getReviewInterval()).isEqualTo("P6M");

    schedule.restart(Instant.parse("2027-05-31T12:00:00Z"), Period.ofMonths(1));
    assertThat(schedule.getNextReviewDue()).as("month arithmetic in UTC").isEqualTo(
        Instant.parse("2027-06-30T12:00:00Z"));
  }

  @Test
  void intervalsArePositivePeriodsAndAMalformedModelPropertyIsIgnored() {
    assertThat(ReviewIntervals.parse("P6M")).contains(Period.ofMonths(6));
    assertThat(ReviewIntervals.parse(" P2W ")).contains(Period.ofDays(14));
    for (String bad : new String[] {null, "", "yearly", "P0D", "-P1Y", "P1Y-2M", "PT12H"}) {
      assertThat(ReviewIntervals.parse(bad)).as(String.valueOf(bad)).isEmpty();
    }
    assertThatThrownBy(() -> new SopReviewProperties(Period.ZERO, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sopflow.sops.review.interval");
    assertThat(new SopReviewProperties(null, null, null).interval()).isEqualTo(Period.ofYears(1));
    assertThat(new SopReviewProperties(null, null, null).scheduleEnabled()).isTrue();
  }
}
