package io.sopflow.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.MariaDbIntegrationTestBase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Access requests on a real MySQL-protocol server (MariaDB here, MySQL 8 in production), where two requests of two
 * nodes meet under READ COMMITTED: a conflicting pair of one person requested at the same moment.
 */
class AccessMariaDbIntegrationTest extends MariaDbIntegrationTestBase {

  @Autowired AccessRequestService service;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired DataSource dataSource;

  /**
   * The first request is inserted and not committed when the second one asks; under READ COMMITTED the second's
   * segregation-of-duties check cannot see it, so the check alone let both go to the line manager.
   */
  @Test
  void twoConflictingRequestsAtTheSameMomentTakeTurnsOnMysql() throws Exception {
    String person = newPerson("accracer");

    AccessIntegrationTest.assertTheSecondSawTheFirst(AccessIntegrationTest.conflictingAtTheSameMoment(
        transactionManager, service, dataSource, person, body -> as("desk").post().uri("/api/access-requests")
            .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class)));
  }
}
