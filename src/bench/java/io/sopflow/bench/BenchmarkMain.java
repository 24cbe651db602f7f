package io.sopflow.bench;

/**
 * Runs the benchmark suite: SOPFlow against the bare Camunda engine it embeds, side by side, on H2 and MariaDB.
 * Writes {@code results.json} and {@code results.md} to {@code bench.output} (default {@code target/bench}).
 *
 * <pre>./mvnw -o -B -Pbench verify                  (full run, ~20 min on 2 cores)
 * ./mvnw -o -B -Pbench verify -Dbench.scale=smoke  (a minute: tiny numbers, H2 only)
 * ./mvnw -o -B -Pbench verify -Dbench.mode=statements  (work per lifecycle on MariaDB: statements, rows, CPU)
 * ./mvnw -o -B -Pbench verify -Dbench.mode=startup  (start-up only, both systems, several rounds, with and without CDS)
 * ./mvnw -o -B -Pbench verify -Dbench.mode=sla-report -Dbench.incidents=1000000  (the SLA report at scale)</pre>
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    if ("sla-report".equals(System.getProperty("bench.mode"))) {
      SlaReportBench.run();
      System.exit(0);
    }
    if ("startup".equals(System.getProperty("bench.mode"))) {
      StartupBench.run();
      System.exit(0);
    }
    if ("statements".equals(System.getProperty("bench.mode"))) {
      StatementsBench.run();
      System.exit(0);
    }
    BenchConfig config = BenchConfig.fromSystemProperties();
    Harness.Outcome outcome = new Harness(config).run();
    System.out.println("Benchmark results: " + outcome.json() + " and " + outcome.markdown());
    // GreenMail and HTTP client threads must not keep the JVM alive.
    System.exit(0);
  }
}
