package io.sopflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * A process owner's Deploy in Camunda Modeler: a changed model of {@code processes/} and every form of
 * {@code forms/} (forms bind by deployment) posted to {@code /engine-rest/deployment/create}.
 */
public final class SopDeployments {

  private SopDeployments() {}

  /** The model of {@code processes/<processKey>.bpmn}, changed by {@code change}, in a folder of its own. */
  public static Path changedModel(String processKey, UnaryOperator<String> change) {
    try {
      String original = Files.readString(Models.PROCESSES.resolve(processKey + ".bpmn"));
      String changed = change.apply(original);
      if (changed.equals(original)) {
        throw new IllegalArgumentException("The change leaves " + processKey + " as it is");
      }
      Path folder = Files.createTempDirectory("sop-revision");
      return Files.writeString(folder.resolve(processKey + ".bpmn"), changed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ResponseEntity<JsonNode> deploy(RestClient client, Path model) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("deployment-name", model.getFileName().toString());
    body.add("deployment-source", "Camunda Modeler");
    body.add(model.getFileName().toString(), new FileSystemResource(model));
    for (Path form : Models.files(Models.FORMS, ".form")) {
      body.add(form.getFileName().toString(), new FileSystemResource(form));
    }
    return client.post().uri("/engine-rest/deployment/create").contentType(MediaType.MULTIPART_FORM_DATA).body(body)
        .retrieve().toEntity(JsonNode.class);
  }
}
