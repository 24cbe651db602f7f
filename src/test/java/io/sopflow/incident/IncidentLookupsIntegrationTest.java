package io.sopflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.support.IntegrationTestBase;
import jakarta.persistence.EntityManagerFactory;
import org.assertj.core.api.Assertions;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction loads its incident by number from the database at most once ({@code RecordsByNumber}): the creating
 * transaction (record, problem linking, process start, triage task details, acknowledgement mail) never reads it back,
 * and a later transaction reads it once however many steps load it. Counted by Hibernate's statistics.
 */
class IncidentLookupsIntegrationTest extends IntegrationTestBase {

  @Autowired
  IncidentService incidents;

  @Autowired
  PlatformTransactionManager transactionManager;

  @Autowired
  EntityManagerFactory entityManagerFactory;

  Statistics statistics;

  @BeforeEach
  void countStatements() {
    statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
    statistics.setStatisticsEnabled(true);
  }

  @AfterEach
  void stopCounting() {
    statistics.setStatisticsEnabled(false);
  }

  @Test
  void eachTransactionReadsItsIncidentByNumberOnceAtMost() {
    TransactionTemplate transaction = new TransactionTemplate(transactionManager);
    statistics.clear();
    String number = transaction.execute(status -> {
      String reported = incidents.reportBySystem("desk", new ReportIncident("Lookup probe", "Printer jams",
          Level.LOW, Level.LOW, "hardware", "printer-7")).number();
      // Assigned after the insert, and found in the same transaction without asking the database.
      assertThat(incidents.facts(reported).number()).isEqualTo(reported);
      return reported;
    });
    assertThat(loadsOfIncidents()).as("incident rows read while creating").isZero();

    statistics.clear();
    transaction.executeWithoutResult(status -> {
      assertThat(incidents.facts(number).configurationItem()).isEqualTo("printer-7");
      assertThat(incidents.isUnresolved(number)).isTrue();
      assertThat(incidents.taskDetails(number).title()).isEqualTo("Lookup probe");
      assertThat(incidents.model(number)).containsEntry("number", number);
    });
    assertThat(loadsOfIncidents()).as("incident rows read by four steps of one transaction").isEqualTo(1);

    statistics.clear();
    transaction.executeWithoutResult(status -> assertThat(incidents.exists(number)).isTrue());
    assertThat(loadsOfIncidents()).as("a new transaction reads the record again").isEqualTo(1);
  }

  @Test
  void anUnknownNumberIsNotFound() {
    Assertions.assertThatThrownBy(() -> incidents.facts("INC-999999")).isInstanceOf(RecordNotFoundException.class);
    assertThat(incidents.exists("INC-999999")).isFalse();
  }

  private long loadsOfIncidents() {
    return statistics.getEntityStatistics(Incident.class.getName()).getLoadCount();
  }
}
