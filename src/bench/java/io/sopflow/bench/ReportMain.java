package io.sopflow.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders results.md (and the figures and targets of results.json) again from a results.json, e.g. one written part way
 * through a run: {@code java -cp ... io.sopflow.bench.ReportMain target/bench/results.json target/bench}.
 */
public final class ReportMain {

  private ReportMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> results = Http.JSON.readValue(Path.of(args[0]).toFile(),
        new TypeReference<LinkedHashMap<String, Object>>() {});
    results.remove("figures");
    results.remove("targets");
    Report.addFigures(results);
    Report.write(results, Path.of(args.length > 1 ? args[1] : "."));
  }
}
