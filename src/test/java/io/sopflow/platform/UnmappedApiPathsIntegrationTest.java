package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code /api} answers problem+json also where no controller is: unknown paths 404, wrong methods 405. */
class UnmappedApiPathsIntegrationTest extends IntegrationTestBase {

  @Test
  void anUnknownPathUnderApiIs404ProblemJson() {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE}) {
      for (String path : new String[] {"/api/nope", "/api/incidents/x/y", "/api", "/api/"}) {
        var request = as("desk").method(method).uri(path);
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
          request = request.contentType(MediaType.APPLICATION_JSON).body("{\"title\":\"x\"}");
        }
        ResponseEntity<JsonNode> response = request.retrieve().toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).as(method + " " + path).isEqualTo(404);
        assertThat(response.getHeaders().getContentType()).as(method + " " + path)
            .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().path("status").asInt()).isEqualTo(404);
        assertThat(response.getBody().path("instance").asText()).isEqualTo(path);
      }
    }
  }

  @Test
  void aKnownPathWithAnotherMethodIs405ProblemJsonWithAllow() {
    ResponseEntity<JsonNode> response = as("desk").method(HttpMethod.DELETE).uri("/api/incidents").retrieve()
        .toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(405);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getHeaders().getAllow()).contains(HttpMethod.GET, HttpMethod.POST);
    assertThat(response.getBody().path("status").asInt()).isEqualTo(405);
  }

  @Test
  void anUnsupportedAcceptIs406ProblemJson() {
    ResponseEntity<String> response = anonymous().get().uri("/api/incidents")
        .headers(h -> h.setBasicAuth("desk", PASSWORD)).accept(MediaType.APPLICATION_XML).retrieve()
        .toEntity(String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(406);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void anonymousCallersStillGet401ProblemJsonForUnknownPaths() {
    for (String path : new String[] {"/api/nope", "/api/incidents/x/y"}) {
      ResponseEntity<JsonNode> response = anonymous().get().uri(path).retrieve().toEntity(JsonNode.class);
      assertThat(response.getStatusCode().value()).as(path).isEqualTo(401);
      assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }
}
