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
  void aFormSubmitsItsKeyedFieldsAtTheirFirstPathSegmentReadOnlyOnesAsDisplayValues() {
    String form = """
        {"components": [
          {"type": "text", "text": "Incident {{incidentNumber}}"},
          {"type": "textfield", "key": "incidentNumber", "readonly": true},
          {"type": "radio", "key": "confirmation", "values": [{"value": "CONFIRM", "label": "Yes"}]},
          {"type": "group", "label": "Without a path: its fields are top-level", "components": [
            {"type": "textarea", "key": "reopenReason"},
            {"type": "textfield", "key": "reporter", "readonly": true},
            {"type": "group", "label": "Nested deeper", "components": [{"type": "number", "key": "effort"}]}
          ]},
          {"type": "group", "path": "contact", "components": [{"type": "textfield", "key": "phone"}]},
          {"type": "group", "path": "shown.deep", "components": [{"type": "textfield", "key": "x", "readonly": true}]},
          {"type": "group", "path": "empty", "components": [{"type": "text", "text": "nothing keyed"}]},
          {"type": "dynamiclist", "path": "actions", "isRepeating": true, "components": [
            {"type": "textfield", "key": "owner"}, {"type": "datetime", "key": "dueDate"}
          ]},
          {"type": "textfield", "key": "address.street"},
          {"type": "textfield", "key": "neverSent", "disabled": true},
          {"type": "group", "path": "disabledGroup", "disabled": true, "components": [{"type": "textfield", "key": "y"}]},
          {"type": "textfield", "key": "maybeReadonly", "readonly": "=confirmation = \\"CONFIRM\\""},
          {"type": "button", "key": "submit", "action": "submit"},
          {"type": "image", "source": "=logo"},
          {"type": "table", "dataSource": "=rows"}
        ], "type": "default", "id": "Form_Nested", "schemaVersion": 16}
        """;

    FormMentions.Fields fields = FormMentions.fields(form);

    assertThat(fields.inputs()).containsExactlyInAnyOrder("confirmation", "reopenReason", "effort", "contact",
        "actions", "address", "maybeReadonly");
    assertThat(fields.readonly()).containsExactlyInAnyOrder("incidentNumber", "reporter", "shown");
    assertThat(fields.all()).doesNotContain("phone", "owner", "dueDate", "street", "x", "empty", "neverSent",
        "disabledGroup", "y", "submit", "logo", "rows");
  }

  @Test
  void theConfirmationFormSubmitsItsDecisionAndItsDisplayValuesOnly() throws IOException {
    FormMentions.Fields fields = FormMentions.fields(Files.readString(Path.of("forms/Form_ConfirmResolution.form")));

    assertThat(fields.inputs()).containsExactlyInAnyOrder("confirmation", "reopenReason");
    assertThat(fields.readonly()).containsExactlyInAnyOrder("incidentNumber", "incidentTitle", "priority", "reporter",
        "resolutionNotes");
    assertThat(FormMentions.fields("not json").all()).isEmpty();
  }

  @Test
  void textThatIsNotAFormHasNoId() {
    assertThat(FormMentions.formId("not json")).isEmpty();
    assertThat(FormMentions.formId("{\"components\": []}")).isEmpty();
  }
}
