package io.sopflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.report.SlaReportApi.RequestRow;
import io.sopflow.request.ServiceRequestSlaStatistics.Figures;
import org.junit.jupiter.api.Test;

/** The report's service-request row: which requests have a verdict on the fulfilment target. */
class SlaReportRowsTest {

  /**
   * Requests for an item that grants access are fulfilled by the access SOP, on its approval SLAs, with no fulfilment
   * target: they count as fulfilled and are no verdict on a target. One request with a target, breached, beside two
   * access items: compliance is 0 %, not 67 %.
   */
  @Test
  void requestsFulfilledWithoutATargetAreNoVerdictOnIt() {
    RequestRow row = RequestRow.of(new Figures("all", 3, 3, 60.0, 1, 0, 0, null, 1));

    assertThat(row.fulfilled()).isEqualTo(3);
    assertThat(row.fulfilmentBreaches()).isEqualTo(1);
    assertThat(row.fulfilmentCompliancePercent()).isEqualTo(0.0);
  }

  @Test
  void onlyAccessItemsFulfilledLeaveComplianceUnknownAndABreachStillOpenIsAVerdict() {
    assertThat(RequestRow.of(new Figures("vpn-access", 2, 2, 30.0, 0, 0, 0, null, 0)).fulfilmentCompliancePercent())
        .as("no request had a target").isNull();
    RequestRow mixed = RequestRow.of(new Figures("all", 4, 3, 30.0, 1, 1, 2, 4.5, 3));
    assertThat(mixed.fulfilmentCompliancePercent()).as("3 met of 3 fulfilled with a target and 1 breached while open")
        .isEqualTo(75.0);
    assertThat(mixed.meanRating()).isEqualTo(4.5);
  }
}
