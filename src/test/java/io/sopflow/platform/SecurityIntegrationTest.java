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
  void aDeploymentThatWouldRunCodeIsRefusedAndChangesNothing() throws Exception {
    // A timer start event's date is evaluated at deployment: without the guard this made the owner an admin at once,
    // outside the four-eyes review of SOP revisions.
    String attack = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Attack" targetNamespace="http://sopflow.io">
          <bpmn:process id="Process_Attack" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="StartEvent_Timer">
              <bpmn:timerEventDefinition id="Timer_Start">
                <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${identityService.createMembership('owner','camunda-admin') == null ? '2099-01-01T00:00:00' : '2099-01-01T00:00:00'}</bpmn:timeDate>
              </bpmn:timerEventDefinition>
            </bpmn:startEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;
    long deploymentsBefore = processEngine.getRepositoryService().createDeploymentQuery().count();

    ResponseEntity<JsonNode> refused = deploy(as("owner"), "Attack.bpmn", attack);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody().path("field").asText()).isEqualTo("Attack.bpmn");
    assertThat(refused.getBody().path("detail").asText()).contains("The deployment was refused")
        .contains("calls identityService.createMembership(...), which is not a model function");
    assertThat(processEngine.getIdentityService().createGroupQuery().groupMember("owner").groupId("camunda-admin")
        .count()).as("the owner did not become an admin").isZero();
    assertThat(processEngine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deploymentsBefore);
    assertThat(processEngine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("Process_Attack")
        .count()).isZero();

    // Nor may a new process run another SOP's step (here the security incident SOP's account lock) on a record of the
    // owner's choosing
    ResponseEntity<JsonNode> foreign = deploy(as("owner"), "Rogue.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Rogue" targetNamespace="http://sopflow.io">
          <bpmn:process id="Process_Rogue" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="StartEvent_Rogue"/>
            <bpmn:serviceTask id="Task_LockAccounts" camunda:delegateExpression="${lockAffectedAccountsDelegate}"/>
          </bpmn:process>
        </bpmn:definitions>
        """);
    assertThat(foreign.getStatusCode().value()).isEqualTo(400);
    assertThat(foreign.getBody().path("detail").asText())
        .contains("process Process_Rogue uses ${lockAffectedAccountsDelegate}, a step of another SOP");
    assertThat(processEngine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deploymentsBefore);

    // HTML (an embedded form's scripts would run in approvers' browsers) is no resource of a deployment either
    ResponseEntity<JsonNode> html = deploy(as("owner"), "steal.html", "<script>fetch('/engine-rest/user')</script>");
    assertThat(html.getStatusCode().value()).isEqualTo(400);
    assertThat(html.getBody().path("detail").asText()).contains("steal.html: not a model or form");
    assertThat(processEngine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deploymentsBefore);
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
    return deploy(client, "DeploymentProbe.bpmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Probe" targetNamespace="http://sopflow.io">
          <bpmn:process id="Process_DeploymentProbe" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="StartEvent_Probe"/>
          </bpmn:process>
        </bpmn:definitions>
        """);
  }

  private ResponseEntity<JsonNode> deploy(RestClient client, String resourceName, String content) throws Exception {
    Path model = Files.createTempFile("sop", ".bpmn");
    Files.writeString(model, content);
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("deployment-name", "modeler-deploy");
    body.add("deployment-source", "Camunda Modeler");
    body.add(resourceName, new FileSystemResource(model) {
      @Override
      public String getFilename() {
        return resourceName;
      }
    });
    return client.post().uri("/engine-rest/deployment/create").contentType(MediaType.MULTIPART_FORM_DATA).body(body)
        .retrieve().toEntity(JsonNode.class);
  }
}
