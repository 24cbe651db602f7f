package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mysql.cj.jdbc.exceptions.CommunicationsException;
import io.sopflow.platform.web.DatabaseFailures;
import io.sopflow.platform.web.DatabaseUnavailableFilter;
import jakarta.servlet.ServletException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The shapes a database outage takes on its way up (found in the fault run with MariaDB stopped) answer 503
 * problem+json with Retry-After; other failures are left alone.
 */
class DatabaseUnavailableTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void recognisesTheOutageHoweverItIsWrapped() {
    SQLTransientConnectionException hikariTimeout = new SQLTransientConnectionException(
        "HikariPool-1 - Connection is not available, request timed out after 5000ms");
    assertThat(DatabaseFailures.isDatabaseUnavailable(new CannotCreateTransactionException("begin", hikariTimeout))).isTrue();
    assertThat(DatabaseFailures.isDatabaseUnavailable(new CannotGetJdbcConnectionException("get", hikariTimeout))).isTrue();
    assertThat(DatabaseFailures.isDatabaseUnavailable(
        new ProcessEngineException("ENGINE-03004", new PersistenceException("mybatis", hikariTimeout)))).isTrue();
    assertThat(DatabaseFailures.isDatabaseUnavailable(new TransactionSystemException("commit",
        new JDBCConnectionException("commit failed", new SQLException("gone", "08S01"))))).isTrue();
    assertThat(DatabaseFailures.isDatabaseUnavailable(new JpaSystemException(new RuntimeException(
        new CommunicationsException("Communications link failure", new ConnectException("refused")))))).isTrue();
    // db-restart fault run: the failed rollback overrides the original exception.
    assertThat(DatabaseFailures.isDatabaseUnavailable(new ServletException("Request processing failed",
        new JpaSystemException(new org.hibernate.TransactionException("Unable to rollback against JDBC Connection",
            new SQLException("Connection is closed")))))).isTrue();
    assertThat(DatabaseFailures.isDatabaseUnavailable(new ServletException("Request processing failed",
        new ProcessEngineException("x", new SQLException("Connection refused", "08001"))))).isTrue();
    // db-restart fault run: Hibernate's JDBC batch flushed on a connection the driver closed after the link failure.
    assertThat(DatabaseFailures.isDatabaseUnavailable(new ServletException("Request processing failed",
        new JpaSystemException(new org.hibernate.exception.GenericJDBCException("could not execute batch",
            new SQLException("No operations allowed after statement closed.", "S1009")))))).isTrue();
  }

  @Test
  void leavesOtherFailuresAlone() {
    assertThat(DatabaseFailures.isDatabaseUnavailable(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseFailures.isDatabaseUnavailable(new ProcessEngineException("x",
        new SQLIntegrityConstraintViolationException("duplicate", "23000")))).isFalse();
    assertThat(DatabaseFailures.isDatabaseUnavailable(null)).isFalse();
  }

  @Test
  void theFilterAnswers503ProblemJsonWithRetryAfter() throws Exception {
    var filter = new DatabaseUnavailableFilter(json);
    var request = new MockHttpServletRequest("POST", "/api/incidents");
    var response = new MockHttpServletResponse();
    filter.doFilter(request, response, (req, res) -> {
      throw new ProcessEngineException("ENGINE-03004 checking password",
          new PersistenceException(new SQLTransientConnectionException("Connection is not available")));
    });
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    JsonNode body = json.readTree(response.getContentAsString());
    assertThat(body.path("status").asInt()).isEqualTo(503);
    assertThat(body.path("detail").asText()).contains("Nothing was changed");
  }

  @Test
  void theFilterLetsOtherFailuresThrough() {
    var filter = new DatabaseUnavailableFilter(json);
    var request = new MockHttpServletRequest("POST", "/api/incidents");
    assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
      throw new IllegalStateException("a bug");
    })).isInstanceOf(IllegalStateException.class);
  }
}
