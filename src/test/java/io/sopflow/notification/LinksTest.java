package io.sopflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinksTest {

  @Test
  void buildsEveryLinkFromTheBaseUrlWithoutADoubleSlash() {
    Links links = new Links(" https://sopflow.example.org/it// ");

    assertThat(links.baseUrl()).isEqualTo("https://sopflow.example.org/it");
    assertThat(links.record("changes", "CHG-000001")).isEqualTo("https://sopflow.example.org/it/api/changes/CHG-000001");
    assertThat(links.task("42")).isEqualTo("https://sopflow.example.org/it/camunda/app/tasklist/default/#/?task=42");
    assertThat(links.tasklist()).isEqualTo("https://sopflow.example.org/it/camunda/app/tasklist/default/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTPS://sopflow.example.org", "http://sopflow_app:8080", "http://[::1]:8080/",
      "http://10.0.0.5:8080/sopflow"})
  void acceptsEveryHttpAddressANodeCanBeReachedAt(String baseUrl) {
    assertThat(new Links(baseUrl).record("changes", "CHG-000001")).startsWith(baseUrl.replaceAll("/$", "") + "/api/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "sopflow.example.org", "ftp://sopflow.example.org", "http://", "https://x.org/?a=1",
      "https://x.org/#top", "http://exa mple.org", "javascript:alert(1)"})
  void refusesAnAddressThatIsNotAnHttpBaseUrlNamingTheProperty(String baseUrl) {
    assertThatThrownBy(() -> new Links(baseUrl)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sopflow.base-url");
  }

  @Test
  void refusesAMissingBaseUrl() {
    assertThatThrownBy(() -> new Links(null)).hasMessageContaining("sopflow.base-url must be set");
  }
}
