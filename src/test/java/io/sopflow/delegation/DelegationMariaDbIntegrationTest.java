package io.sopflow.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.MariaDbIntegrationTestBase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Delegations on a real MySQL-protocol server (MariaDB here, MySQL 8 in production), where two requests of two nodes
 * meet under READ COMMITTED: overlapping windows of one person requested at the same moment.
 */
class DelegationMariaDbIntegrationTest extends MariaDbIntegrationTestBase {

  @Autowired DelegationService service;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired DataSource dataSource;

  /**
   * The first request's delegation is inserted and not committed when the second one asks; on MySQL/MariaDB under
   * READ COMMITTED the second's overlap check cannot see it, so the check alone let both in.
   */
  @Test
  void twoOverlappingDelegationsOfOnePersonAtTheSameMomentRecordOneOnMysql() throws Exception {
    String person = personIn("dlgracer");

    var outcome = DelegationIntegrationTest.overlappingAtTheSameMoment(transactionManager, service, dataSource, person,
        body -> as(person).post().uri("/api/delegations").contentType(MediaType.APPLICATION_JSON).body(body)
            .retrieve().toEntity(JsonNode.class));

    DelegationIntegrationTest.assertOneRecordedAndTheOtherRefused(outcome);
    ResponseEntity<JsonNode> listed = as("admin").get().uri("/api/delegations?user={u}", person).retrieve()
        .toEntity(JsonNode.class);
    assertThat(listed.getBody().get("content")).as("one delegation recorded").singleElement().satisfies(d -> {
      assertThat(d.get("key").asText()).isEqualTo(outcome.getKey());
      assertThat(d.get("status").asText()).isEqualTo("SCHEDULED");
    });
  }
}
