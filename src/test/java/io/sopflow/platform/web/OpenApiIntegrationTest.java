package io.sopflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.support.IntegrationTestBase;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The OpenAPI description is computed from the running application, and so is every check here: the mappings come
 * from Spring MVC's handler mappings, the groups from the controllers' packages, the examples from the description.
 * An SOP added later is covered without changing this class.
 */
class OpenApiIntegrationTest extends IntegrationTestBase {

  /** Its own database (leavers and catalogue entries are created here) with the demo's backup set. */
  @DynamicPropertySource
  static void demoBackupSet(DynamicPropertyRegistry registry) throws IOException {
    Path folder = Files.createTempDirectory("sopflow-openapi-backup").resolve("demo-share");
    registry.add("sopflow.demo.backup-folder", folder::toString);
    registry.add("sopflow.backup.sets.demo-share.backup", folder::toString);
    registry.add("sopflow.backup.sets.demo-share.restore-command[0]", () -> "cp");
    registry.add("sopflow.backup.sets.demo-share.restore-command[1]", () -> "-a");
    registry.add("sopflow.backup.sets.demo-share.restore-command[2]", () -> "{backup}/.");
    registry.add("sopflow.backup.sets.demo-share.restore-command[3]", () -> "{target}");
    registry.add("sopflow.backup.sets.demo-share.max-age", () -> "P2D");
    registry.add("sopflow.backup.sets.demo-share.rto", () -> "PT2M");
    registry.add("sopflow.backup.sets.demo-share.owner-group", () -> "support-l3");
  }

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlerMappings;

  @Autowired
  ObjectMapper objectMapper;

  @Test
  void theDescriptionAndSwaggerUiAreForSignedInUsersOnly() {
    for (String path : List.of("/v3/api-docs", "/v3/api-docs/incident", "/swagger-ui/index.html")) {
      ResponseEntity<String> anonymous = anonymous().get().uri(path).retrieve().toEntity(String.class);
      assertThat(anonymous.getStatusCode().value()).as(path).isEqualTo(401);
      assertThat(anonymous.getHeaders().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      ResponseEntity<String> wrongPassword = anonymous().get().uri(path).headers(h -> h.setBasicAuth("desk", "nope"))
          .retrieve().toEntity(String.class);
      assertThat(wrongPassword.getStatusCode().value()).as(path).isEqualTo(401);
    }
    ResponseEntity<String> ui = as("desk").get().uri("/swagger-ui/index.html").accept(MediaType.TEXT_HTML).retrieve()
        .toEntity(String.class);
    assertThat(ui.getStatusCode().value()).isEqualTo(200);
    assertThat(ui.getBody()).contains("swagger-ui");
    assertThat(as("desk").get().uri("/v3/api-docs").retrieve().toEntity(String.class).getStatusCode().value())
        .isEqualTo(200);
  }

  @Test
  void theDescriptionIsValidOpenApiWithHttpBasicAndProblemResponses() {
    String json = description("/v3/api-docs");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
    assertThat(result.getMessages()).as("OpenAPI parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
    var scheme = result.getOpenAPI().getComponents().getSecuritySchemes().get(OpenApiConfiguration.SECURITY_SCHEME);
    assertThat(scheme.getType().toString()).isEqualTo("http");
    assertThat(scheme.getScheme()).isEqualTo("basic");
    assertThat(result.getOpenAPI().getSecurity()).anySatisfy(requirement ->
        assertThat(requirement).containsKey(OpenApiConfiguration.SECURITY_SCHEME));

    JsonNode doc = read(json);
    doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
      JsonNode responses = op.getValue().path("responses");
      assertThat(responses.has("401")).as(where + " documents 401").isTrue();
      if (path.getKey().contains("{")) {
        assertThat(responses.has("404")).as(where + " documents 404").isTrue();
      }
      if (op.getValue().has("requestBody")) {
        assertThat(responses.has("400")).as(where + " documents 400").isTrue();
        assertThat(responses.has("409")).as(where + " documents 409").isTrue();
        assertThat(responses.has("403")).as(where + " documents 403").isTrue();
        JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
        assertThat(body.isMissingNode()).as(where + " has a JSON request schema").isFalse();
      }
      responses.fields().forEachRemaining(response -> {
        if (response.getKey().startsWith("4")) {
          assertThat(response.getValue().path("content").path("application/problem+json").path("schema")
              .path("$ref").asText()).as(where + " " + response.getKey()).endsWith("/Problem");
        }
      });
      assertThat(responses.fieldNames()).toIterable().as(where + " documents a success")
          .anySatisfy(code -> assertThat(code).startsWith("2"));
    }));
  }

  @Test
  void everyRequestMappingUnderApiIsDescribedInTheWholeDescriptionAndInItsSopsGroup() {
    Map<String, TreeSet<String>> operationsBySop = new TreeMap<>();
    List<String> operations = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : handlerMappings.getHandlerMethods().entrySet()) {
      if (mapping.getKey().getPathPatternsCondition() == null) {
        continue;
      }
      for (PathPattern pattern : mapping.getKey().getPathPatternsCondition().getPatterns()) {
        String path = pattern.getPatternString().replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
        if (!path.startsWith("/api/")) {
          continue;
        }
        var methods = mapping.getKey().getMethodsCondition().getMethods();
        assertThat(methods).as(path + " names its HTTP methods").isNotEmpty();
        String sop = OpenApiConfiguration.sopOf(mapping.getValue().getBeanType());
        for (var method : methods) {
          String operation = method.name().toLowerCase(Locale.ROOT) + " " + path;
          operations.add(operation);
          operationsBySop.computeIfAbsent(sop, k -> new TreeSet<>()).add(operation);
        }
      }
    }
    assertThat(operations).as("handler mappings under /api").hasSizeGreaterThan(20);

    JsonNode all = read(description("/v3/api-docs"));
    for (String operation : operations) {
      String[] parts = operation.split(" ", 2);
      assertThat(all.path("paths").path(parts[1]).has(parts[0])).as(operation + " in /v3/api-docs").isTrue();
    }
    assertThat(operationsBySop.keySet()).as("SOP packages with /api controllers")
        .containsAll(List.of("incident", "change", "access", "release", "closure", "backup"))
        .isEqualTo(OpenApiConfiguration.controllerPackages());
    operationsBySop.forEach((sop, sopOperations) -> {
      JsonNode group = read(description("/v3/api-docs/" + sop));
      for (String operation : sopOperations) {
        String[] parts = operation.split(" ", 2);
        JsonNode op = group.path("paths").path(parts[1]).path(parts[0]);
        assertThat(op.isMissingNode()).as(operation + " in group " + sop).isFalse();
        assertThat(op.path("tags").toString()).as(operation + " tagged " + sop).isEqualTo("[\"" + sop + "\"]");
      }
      assertThat(group.path("paths").size()).as("group " + sop + " holds only its own paths")
          .isEqualTo(sopOperations.stream().map(o -> o.split(" ", 2)[1]).distinct().count());
    });
  }

  @Test
  void everyJsonBodyOfACollectionIsDocumentedWithAnExample() {
    JsonNode doc = read(description("/v3/api-docs"));
    List<String> missing = new ArrayList<>();
    doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      JsonNode json = op.getValue().path("requestBody").path("content").path("application/json");
      if (!json.isMissingNode() && !path.getKey().contains("{") && !json.has("example")) {
        missing.add(op.getKey() + " " + path.getKey() + " (add src/main/resources/" + OpenApiConfiguration
            .exampleFile(path.getKey(), io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(
                op.getKey().toUpperCase(Locale.ROOT))) + ")");
      }
    }));
    assertThat(missing).as("request bodies without an example").isEmpty();
  }

  /**
   * Every example of the description is posted as it stands and must create its record: 2xx, and the record it
   * points to can be read back. An example may refer to a record another example creates (a release names the
   * standard change of the change example), so they are retried until all are accepted or none progresses.
   */
  @Test
  void everyDocumentedExampleRequestIsAcceptedByTheRunningApplication() {
    JsonNode doc = read(description("/v3/api-docs"));
    Map<String, JsonNode> examples = new LinkedHashMap<>();
    doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      JsonNode example = op.getValue().path("requestBody").path("content").path("application/json").path("example");
      if (!example.isMissingNode()) {
        assertThat(withPathValues(path.getKey())).as("examples are for collections, or name a record the test "
            + "provides").doesNotContain("{");
        examples.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), example);
      }
    }));
    assertThat(examples).as("documented examples").containsKeys("POST /api/incidents", "POST /api/changes",
        "POST /api/releases");

    probeProcessWithTwoVersions();
    Map<String, String> refused = new TreeMap<>();
    Map<String, Integer> accepted = new TreeMap<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      for (var example : examples.entrySet()) {
        if (accepted.containsKey(example.getKey())) {
          continue;
        }
        String[] parts = example.getKey().split(" ", 2);
        ResponseEntity<String> response = as("admin").method(org.springframework.http.HttpMethod.valueOf(parts[0]))
            .uri(withPathValues(parts[1])).contentType(MediaType.APPLICATION_JSON).body(example.getValue().toString()).retrieve()
            .toEntity(String.class);
        if (response.getStatusCode().is2xxSuccessful()) {
          accepted.put(example.getKey(), response.getStatusCode().value());
          refused.remove(example.getKey());
          var location = response.getHeaders().getLocation();
          if (location != null) {
            assertThat(as("admin").get().uri(location.getPath()).retrieve().toEntity(String.class).getStatusCode()
                .value()).as("the record of " + example.getKey() + " at " + location).isEqualTo(200);
          }
        } else {
          refused.put(example.getKey(), response.getStatusCode().value() + " " + response.getBody());
        }
      }
      return accepted.size() == examples.size();
    });
    assertThat(refused).as("refused examples").isEmpty();
    assertThat(accepted).hasSameSizeAs(examples);
    assertThat(accepted.get("POST /api/incidents")).isEqualTo(201);
  }

  /**
   * Path variables of an example's operation, filled with a record the test provides: the SOP of
   * {@code /api/sops/{key}/migrations} is a probe process with versions 1 and 2 (the example migrates from 1 to 2).
   */
  static String withPathValues(String path) {
    return path.replace("/api/sops/{key}/", "/api/sops/" + PROBE_PROCESS + "/");
  }

  static final String PROBE_PROCESS = "OpenApiProbeProcess";

  private void probeProcessWithTwoVersions() {
    var repository = processEngine.getRepositoryService();
    while (repository.createProcessDefinitionQuery().processDefinitionKey(PROBE_PROCESS).count() < 2) {
      repository.createDeployment().name("openapi-probe").addModelInstance(PROBE_PROCESS + ".bpmn",
          org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess(PROBE_PROCESS).camundaHistoryTimeToLive(1)
              .startEvent("StartEvent_Probed").userTask("Task_Probe").endEvent("EndEvent_Probed").done()).deploy();
    }
  }

  private String description(String path) {
    ResponseEntity<String> response = as("desk").get().uri(path).retrieve().toEntity(String.class);
    assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
    return response.getBody();
  }

  private JsonNode read(String json) {
    try {
      return objectMapper.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
