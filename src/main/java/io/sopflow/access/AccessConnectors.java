package io.sopflow.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The connectors known to this application, by type. Two beans of the same type stop the start-up. */
@Component
class AccessConnectors {

  private final Map<String, AccessConnector> byType;

  AccessConnectors(List<AccessConnector> connectors) {
    this.byType = connectors.stream().collect(Collectors.toUnmodifiableMap(AccessConnector::type,
        Function.identity(), (a, b) -> {
          throw new IllegalStateException("Two access connectors of type " + a.type() + ": " + a + ", " + b);
        }));
  }

  Optional<AccessConnector> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  AccessConnector get(String type) {
    return find(type).orElseThrow(() -> new IllegalStateException("No access connector of type " + type));
  }

  Set<String> types() {
    return byType.keySet();
  }
}
