package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FormMentionsTest {

  @Test
  void aFormMentionsItsFieldKeysAndTheNamesItsExpressionsAndTextsUse() {
    String form = """
        {"components": [
          {"type": "textfield", "key": "incidentTitle", "label": "Title", "readonly": true},
          {"type": "text", "text": "Reported by {{reporter}}"},
          {"type": "textarea", "key": "notes", "conditional": {"hide": "=resolutionOutcome = \\"RESOLVED\\""}}
        ], "type": "default", "id": "Form_Example", "schemaVersion": 16}
        """;

    assertThat(FormMentions.words(form)).contains("incidentTitle", "reporter", "notes", "resolutionOutcome")
        .doesNotContain("workLog", "description");
    assertThat(FormMentions.formId(form)).contains("Form_Example");
  }

  @Test
  void aDeployedFormIsKnownByItsOwnId() throws IOException {
    String form = Files.readString(Path.of("forms/Form_ConfirmResolution.form"));

    assertThat(FormMentions.formId(form)).contains("Form_ConfirmResolution");
    assertThat(FormMentions.words(form)).contains("incidentTitle", "priority", "resolutionNotes")
        .doesNotContain("workLog", "knownErrorWorkaround", "configurationItem");
  }

  @Test
  void textThatIsNotAFormHasNoId() {
    assertThat(FormMentions.formId("not json")).isEmpty();
    assertThat(FormMentions.formId("{\"components\": []}")).isEmpty();
  }
}
