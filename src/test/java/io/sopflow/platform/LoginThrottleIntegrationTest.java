package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.platform.ClientAt.Answer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong passwords slow down the client that sends them, for that account, and never lock the account: not on
 * {@code /api}, not on {@code /engine-rest}, not on the webapps' sign-in. Each client is a different loopback address
 * (the server's {@code remoteAddr}); the delay is waited out by moving the engine's clock, which SOPFlow's clock follows.
 */
class LoginThrottleIntegrationTest extends io.sopflow.support.IntegrationTestBase {

  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void twentyWrongPasswordsForAdminFromOneClientLeaveAdminFreeElsewhereAtOnceAndThereOnceTheDelayHasPassed()
      throws Exception {
    ClientAt attacker = new ClientAt("127.0.0.2", port);
    List<Integer> statuses = new ArrayList<>();
    Answer last = null;
    for (int i = 0; i < 20; i++) {
      last = attacker.get("/api/audit/verification", "Authorization", ClientAt.basic("admin", "guess" + i));
      statuses.add(last.status());
    }
    assertThat(statuses.subList(0, 5)).as("five free attempts").containsOnly(401);
    assertThat(statuses.get(5)).as("then slowed down").isEqualTo(429);
    assertThat(statuses).containsOnly(401, 429);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.header("Content-Type")).startsWith("application/problem+json");
    assertThat(json.readTree(last.body()).path("status").asInt()).isEqualTo(429);
    long retryAfter = Long.parseLong(last.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 60L);

    // Another client: the right password works at once (Camunda would have locked admin for good by now).
    assertThat(new ClientAt("127.0.0.3", port).get("/api/audit/verification", "Authorization",
        ClientAt.basic("admin", PASSWORD)).status()).isEqualTo(200);
    // The same client: even the right password waits for the delay (it is not even checked)...
    assertThat(attacker.get("/api/audit/verification", "Authorization", ClientAt.basic("admin", PASSWORD)).status())
        .isEqualTo(429);
    // ...which ends.
    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + (retryAfter + 1) * 1000));
    assertThat(attacker.get("/api/audit/verification", "Authorization", ClientAt.basic("admin", PASSWORD)).status())
        .isEqualTo(200);
    // A success starts afresh: the next wrong password is a free attempt again. (Back to real time first: Camunda
    // still stamps a wrong password with a lock that expires "now", which must not lie in the moved clock's future.)
    ClockUtil.reset();
    assertThat(attacker.get("/api/audit/verification", "Authorization", ClientAt.basic("admin", "again")).status())
        .isEqualTo(401);
  }

  @Test
  void engineRestIsThrottledTheSameWay() throws Exception {
    ClientAt attacker = new ClientAt("127.0.0.4", port);
    Answer answer = null;
    for (int i = 0; i < 8; i++) {
      answer = attacker.get("/engine-rest/engine", "Authorization", ClientAt.basic("owner", "guess" + i));
    }
    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.header("Retry-After")).isNotBlank();
    assertThat(new ClientAt("127.0.0.5", port).get("/engine-rest/engine", "Authorization",
        ClientAt.basic("owner", PASSWORD)).status()).isEqualTo(200);
  }

  @Test
  void camundaNoLongerLocksAnAccountNorDelaysTheRightPassword() throws Exception {
    // Twelve wrong passwords from three clients, each within its free attempts: Camunda's default lock-out would
    // have locked the account after ten until an admin unlocks it, and delayed it for seconds after each.
    for (String client : List.of("127.0.0.6", "127.0.0.7", "127.0.0.8")) {
      ClientAt at = new ClientAt(client, port);
      for (int i = 0; i < 4; i++) {
        assertThat(at.get("/api/audit/verification", "Authorization", ClientAt.basic("manager", "x" + i)).status())
            .isEqualTo(401);
      }
    }
    assertThat(new ClientAt("127.0.0.9", port).get("/api/audit/verification", "Authorization",
        ClientAt.basic("manager", PASSWORD)).status()).isEqualTo(200);
    assertThat(processEngine.getIdentityService().checkPassword("manager", PASSWORD)).isTrue();
  }

  @Test
  void theWebappSignInIsThrottledByClientAndAccountToo() throws Exception {
    ClientAt attacker = new ClientAt("127.0.0.10", port);
    List<Integer> statuses = new ArrayList<>();
    Answer last = null;
    for (int i = 0; i < 8; i++) {
      last = signIn(attacker, "cab1", "guess" + i);
      statuses.add(last.status());
    }
    assertThat(statuses.subList(0, 5)).as("Camunda's own answer to a wrong password").containsOnly(401);
    assertThat(statuses.subList(5, 8)).containsOnly(429);
    assertThat(last.header("Content-Type")).startsWith("application/problem+json");
    assertThat(last.header("Retry-After")).isNotBlank();
    assertThat(signIn(attacker, "cab1", PASSWORD).status()).as("throttled: not even checked").isEqualTo(429);

    assertThat(signIn(new ClientAt("127.0.0.11", port), "cab1", PASSWORD).status()).as("another client")
        .isEqualTo(200);
    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 61_000));
    assertThat(signIn(attacker, "cab1", PASSWORD).status()).as("once the delay has passed").isEqualTo(200);
  }

  private Answer signIn(ClientAt client, String user, String password) throws Exception {
    return client.signIn(user, password);
  }
}
