package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.FormContentFilter;

/**
 * {@code /api} refuses oversized bodies (413) and bodies that are not JSON (415) as problem+json naming the part, before
 * anything is read into a controller, and stores nothing.
 */
class RequestLimitsIntegrationTest extends ReliabilityIntegrationTestBase {

  @Autowired ApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aBodyOverTheLimitIsRefusedWith413NamingTheBody() {
    String rows = rowCounts();
    String huge = "{\"title\":\"" + "x".repeat(300 * 1024) + "\",\"description\":\"d\",\"impact\":\"HIGH\","
        + "\"urgency\":\"LOW\",\"category\":\"mail\"}";
    ResponseEntity<JsonNode> response = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(huge).retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(413);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody().path("field").asText()).isEqualTo("body");
    assertThat(rowCounts()).isEqualTo(rows);
  }

  @Test
  void aChunkedBodyWithoutContentLengthIsCutOffAtTheLimitToo() throws Exception {
    String rows = rowCounts();
    byte[] body = ("{\"title\":\"" + "y".repeat(2 * 256 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/incidents"))
        .header("Authorization", basic("desk")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json.readTree(response.body()).path("field").asText()).isEqualTo("body");
    assertThat(rowCounts()).isEqualTo(rows);
  }

  /**
   * Spring's form-content filter read the body of any PUT, PATCH or DELETE sent as a form, on every path and of any
   * length, into one string before Spring Security ran: an anonymous chunked form filled the heap. Nothing here takes
   * form parameters from such a body, so the filter is off, and a DELETE's body under /api meets the limits too.
   */
  @Test
  void noFormBodyIsReadBeforeAuthenticationAndADeletesBodyMeetsTheLimits() throws Exception {
    assertThat(context.getBeansOfType(FormContentFilter.class)).as("Spring's form-content filter").isEmpty();
    byte[] form = ("a=" + "f".repeat(2 * 256 * 1024)).getBytes(StandardCharsets.UTF_8);
    for (String path : List.of("/engine-rest/task/x/variables/y", "/api/delegations/x")) {
      HttpRequest anonymous = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .method("PUT", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form))).build();
      assertThat(http.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isIn(401, 413);
    }
    HttpRequest delete = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/delegations/x"))
        .header("Authorization", basic("desk")).header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form))).build();
    HttpResponse<String> response = http.send(delete, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json.readTree(response.body()).path("field").asText()).isEqualTo("body");
  }

  @Test
  void aBodyJustUnderTheLimitReachesValidationAndIsRefusedForItsField() {
    String rows = rowCounts();
    String big = "{\"title\":\"" + "z".repeat(200 * 1024) + "\",\"description\":\"d\",\"impact\":\"HIGH\","
        + "\"urgency\":\"LOW\",\"category\":\"mail\"}";
    ResponseEntity<JsonNode> response = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(big).retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getBody().path("field").asText()).isEqualTo("title");
    assertThat(rowCounts()).isEqualTo(rows);
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWith415NamingTheContentType() throws Exception {
    String rows = rowCounts();
    for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/jsonx", "not a media type"}) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/incidents"))
          .header("Authorization", basic("desk")).header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("title=x&impact=HIGH")).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(type).isEqualTo(415);
      assertThat(response.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      assertThat(json.readTree(response.body()).path("field").asText()).isEqualTo("Content-Type");
    }
    HttpRequest missing = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/incidents"))
        .header("Authorization", basic("desk"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")).build();
    assertThat(http.send(missing, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
    assertThat(rowCounts()).isEqualTo(rows);
  }

  @Test
  void jsonWithACharsetOrAVendorSuffixIsAccepted() {
    ResponseEntity<JsonNode> response = as("desk").post().uri("/api/incidents")
        .contentType(MediaType.parseMediaType("application/json;charset=UTF-8"))
        .body("{\"title\":\"Printer\",\"description\":\"jammed\",\"impact\":\"LOW\",\"urgency\":\"LOW\",\"category\":\"hardware\"}")
        .retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(201);
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }
}
