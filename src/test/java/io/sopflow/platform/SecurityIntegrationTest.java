package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.IntegrationTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/** The doors of SOPFlow: HTTP Basic on the APIs against Camunda's identity store, Camunda's authorizations behind. */
class SecurityIntegrationTest extends IntegrationTestBase {

  @Test
  void anonymousCallersGet401ProblemWithABasicChallenge() {
    for (String path : new String[] {"/api/notifications?reference=INC-000001", "/engine-rest/process-definition",
        "/actuator/prometheus"}) {
      ResponseEntity<JsonNode> response = anonymous().get().uri(path).retrieve().toEntity(JsonNode.class);
      assertThat(response.getStatusCode().value()).as(path).isEqualTo(401);
      assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
      assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndTheRightOneWorksAtOnce() {
    var client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
        .defaultHeaders(h -> h.setBasicAuth("desk", "not-the-password"))
        .defaultStatusHandler(status -> true, (request, response) -> { }).build();
    assertThat(client.get().uri("/engine-rest/process-definition").retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(401);
    // Camunda's brute-force delay (the right password refused for seconds after a wrong one) is off: no unlock needed.
    assertThat(as("desk").get().uri("/engine-rest/process-definition").retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(200);
  }

  @Test
  void processOwnersDeployFromModelerOthersAreRefused() throws Exception {
    assertThat(deploy(as("owner")).getStatusCode().value()).isEqualTo(200);
    ResponseEntity<JsonNode> desk = deploy(as("desk"));
    assertThat(desk.getStatusCode().value()).isEqualTo(403);
    assertThat(desk.getBody().path("type").asText()).isEqualTo("AuthorizationException");
    assertThat(deploy(anonymous()).getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void metricsAreForManagersAndHealthIsOpen() {
    // (Spring Boot switches metric export, and so the Prometheus endpoint, off in tests; /metrics shares its rule.)
    assertThat(as("desk").get().uri("/actuator/metrics").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(403);
    ResponseEntity<String> metrics = as("manager").get().uri("/actuator/metrics").retrieve().toEntity(String.class);
    assertThat(metrics.getStatusCode().value()).isEqualTo(200);
    assertThat(metrics.getBody()).contains("jvm.memory.used");
    assertThat(anonymous().get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(200);
  }

  @Test
  void theAuditTrailIsForManagersAndVerifiesIntact() {
    assertThat(as("desk").get().uri("/api/audit/verification").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(403);
    JsonNode verification = as("manager").get().uri("/api/audit/verification").retrieve().body(JsonNode.class);
    assertThat(verification.path("intact").asBoolean()).isTrue();
  }

  // Webapp CSRF cookie and security headers: AuthorizationMatrixIntegrationTest (io.sopflow.reliability) and the
  // browser tests, which log in through the real CSRF-protected form.

  @Test
  void apiResponsesCarrySecurityHeaders() {
    ResponseEntity<String> response = as("manager").get().uri("/api/audit/verification").retrieve().toEntity(String.class);
    assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeaders().getFirst("Cache-Control")).contains("no-store");
    assertThat(response.getHeaders().getFirst("Set-Cookie")).as("stateless API: no session").isNull();
  }

  private ResponseEntity<JsonNode> deploy(RestClient client) throws Exception {
    Path model = Files.createTempFile("sop", ".bpmn");
    Files.writeString(model, """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Probe" targetNamespace="http://sopflow.io">
          <bpmn:process id="Process_DeploymentProbe" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="StartEvent_Probe"/>
          </bpmn:process>
        </bpmn:definitions>
        """);
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("deployment-name", "modeler-deploy");
    body.add("deployment-source", "Camunda Modeler");
    body.add("data", new FileSystemResource(model));
    return client.post().uri("/engine-rest/deployment/create").contentType(MediaType.MULTIPART_FORM_DATA).body(body)
        .retrieve().toEntity(JsonNode.class);
  }
}
