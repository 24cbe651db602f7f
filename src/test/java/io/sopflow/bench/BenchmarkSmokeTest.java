package io.sopflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.support.NodeJvmOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness (src/bench/java, built only by the {@code bench} Maven profile) still works: it is compiled
 * here and run in its own JVM with tiny numbers on H2 (both systems started, every phase done once or twice), and its
 * results must be complete and well-formed, the mixed workload (incidents, changes, service requests) included. No
 * timing is asserted: that is what {@code ./mvnw -Pbench verify} is for.
 */
class BenchmarkSmokeTest {

  /** Written by the build (pom.xml, execution runtime-classpath). */
  private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime.classpath");

  private static final List<String> STEPS = List.of("create", "triage.find", "triage.complete", "resolve.find",
      "resolve.complete", "confirm.find", "confirm.complete");

  @Test
  void harnessMeasuresSopflowAndTheBareEngineAndWritesEverySectionOfTheResults() throws Exception {
    Path work = Path.of("target", "bench-smoke").toAbsolutePath();
    Path classes = compileHarness(work.resolve("classes"));
    Path output = work.resolve("out");
    Files.createDirectories(output);
    Files.deleteIfExists(output.resolve("results.json"));
    Files.deleteIfExists(output.resolve("results.md"));

    String classpath = String.join(File.pathSeparator, classes.toString(),
        Path.of("src", "bench", "resources").toAbsolutePath().toString(), System.getProperty("java.class.path"));
    Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dbench.scale=smoke", "-Dbench.output=" + output, "-Dbench.appClasses=" + Path.of("target", "classes").toAbsolutePath(),
        "-Dbench.systemClasspath=" + RUNTIME_CLASSPATH.toAbsolutePath(),
        "-cp", classpath, "io.sopflow.bench.BenchmarkMain")
        .redirectErrorStream(true).redirectOutput(work.resolve("harness.log").toFile()).start();
    boolean finished = harness.waitFor(20, TimeUnit.MINUTES);
    if (!finished) {
      harness.destroyForcibly();
    }
    assertThat(finished).as("harness finished; see %s", work.resolve("harness.log")).isTrue();
    assertThat(harness.exitValue()).as("harness exit code; see %s", work.resolve("harness.log")).isZero();

    JsonNode results = new ObjectMapper().readTree(output.resolve("results.json").toFile());
    JsonNode meta = results.path("meta");
    assertThat(meta.path("machine").path("nproc").asInt()).isPositive();
    assertThat(meta.path("machine").path("cpuModel").asText()).isNotBlank();
    assertThat(meta.path("jvm").path("version").asText()).isNotBlank();
    assertThat(meta.path("git").has("commit")).isTrue();
    // The systems run with SOPFlow's runtime libraries, as the jar and the image do, not with the test libraries.
    List<String> libraries = List.of(Files.readString(RUNTIME_CLASSPATH).strip().split(File.pathSeparator));
    assertThat(libraries).noneMatch(jar -> jar.contains("spring-boot-test") || jar.contains("junit"))
        .anyMatch(jar -> jar.contains("camunda-engine"));
    assertThat(meta.path("config").path("systemLibraries").asInt()).isEqualTo(libraries.size());
    // ... and with the JVM options of every node (jvm.options, as the image starts its JVM).
    List<String> systemJvmOptions = new ArrayList<>();
    meta.path("config").path("systemJvmOptions").forEach(o -> systemJvmOptions.add(o.asText()));
    assertThat(systemJvmOptions).containsAll(NodeJvmOptions.read()).contains("-Xmx1g");

    for (String system : List.of("sopflow", "bare")) {
      JsonNode r = results.path("databases").path("h2").path(system);
      assertThat(r.path("errors")).as("%s errors", system).isEmpty();
      assertThat(r.path("startup").path("emptyDatabaseMs").asLong()).as("%s start-up", system).isPositive();
      assertThat(r.path("startup").path("loadedDatabaseMs").asLong()).as("%s restart", system).isPositive();
      for (String clients : List.of("c1", "c4")) {
        JsonNode lifecycles = r.path("lifecycles").path(clients);
        assertThat(lifecycles.path("lifecyclesPerSecondMedian").asDouble()).as("%s %s", system, clients).isPositive();
        for (String step : STEPS) {
          JsonNode s = lifecycles.path("steps").path(step);
          assertThat(s.path("count").asLong()).as("%s %s %s", system, clients, step).isPositive();
          assertThat(s.path("p99Ms").isNumber()).isTrue();
        }
        for (String op : List.of("post", "getOne", "list")) {
          assertThat(r.path("api").path(clients).path(op).path("p99Ms").isNumber()).as("%s api %s", system, op).isTrue();
        }
      }
      // The cold storm first; its instances are deleted before the measured storm, which escalates exactly its own.
      JsonNode cold = r.path("coldStorm");
      assertThat(cold.path("stormSize").asLong()).as("%s cold storm", system).isEqualTo(3);
      assertThat(cold.path("escalations").asLong()).as("%s cold escalations", system).isEqualTo(3);
      JsonNode storm = r.path("storm");
      assertThat(storm.path("escalations").asLong()).as("%s escalations", system).isEqualTo(storm.path("stormSize").asLong());
      assertThat(storm.path("lastEscalationAfterReleaseMs").isNumber()).isTrue();
      assertThat(storm.path("duplicateEscalations").isNumber()).isTrue();
      // Both storms are released into a quiet system: the creation's leftover work (SOPFlow's outbox) is done first.
      for (JsonNode released : List.of(cold, storm)) {
        assertThat(released.path("quiet").asBoolean()).as("%s quiet before the release", system).isTrue();
        assertThat(released.path("quietAfterMs").isNumber()).as("%s: how long it waited, recorded", system).isTrue();
      }
      JsonNode cpu = storm.path("cpuToLastEscalation");
      assertThat(cpu.path("systemMsPerEscalation").asDouble()).as("%s CPU per escalation", system).isPositive();
      assertThat(cpu.path("harnessMs").isNumber()).isTrue();
      assertThat(cpu.has("databaseServerMs")).as("H2 runs inside the system's JVM").isFalse();
      assertThat(r.path("memory").path("heapUsedAfterLoadMb").asDouble()).isPositive();
      assertThat(r.path("memory").path("rssAfterLoadMb").asDouble()).isPositive();
    }
    // The mixed workload (SOPFlow only): every kind went through to its end at both concurrencies.
    JsonNode mixed = results.path("databases").path("h2").path("sopflow").path("mixed");
    for (String clients : List.of("c1", "c4")) {
      assertThat(mixed.path(clients).path("lifecyclesPerSecondMedian").asDouble()).as("mixed %s", clients).isPositive();
      assertThat(mixed.path(clients).path("failedLifecyclesPerRun")).allSatisfy(n -> assertThat(n.asLong()).isZero());
      for (String kind : List.of("incident", "change", "serviceRequest")) {
        assertThat(mixed.path(clients).path("steps").path(kind).path("count").asLong()).as("mixed %s %s", clients, kind)
            .isPositive();
        assertThat(mixed.path(clients).path("steps").path(kind + ".ended").path("count").asLong()).isPositive();
      }
    }
    assertThat(results.path("databases").path("h2").path("bare").has("mixed")).as("the bare engine has no such SOPs")
        .isFalse();
    JsonNode mail = results.path("databases").path("h2").path("sopflow").path("storm").path("mail");
    assertThat(mail.path("escalationMailsReceived").asLong()).isEqualTo(mail.path("expected").asLong());
    assertThat(results.path("figures").size()).isGreaterThan(20);
    assertThat(results.path("targets").size()).isGreaterThan(4);

    String markdown = Files.readString(output.resolve("results.md"));
    assertThat(markdown).contains("## Targets", "## Incident lifecycles", "## Mixed workload", "## SLA timer storm", "## API latency",
        "## Start-up", "## Memory after the load", "## Lifecycle steps", "## Profiles", "| h2 |", "Commit:", "JVM:", "Machine:");
  }

  /**
   * {@code ProfileSummary} (issue #24 step 25), run from its source as docs/benchmarks.md shows: each sample is charged
   * to the library of its deepest frame that has one (the JDK code Hibernate calls is Hibernate's), else to the JIT
   * compilers, the collector or the JVM; per unit of work; rows by what the first system spends more.
   */
  @Test
  void profileSummaryChargesEachSampleToItsDeepestLibraryPerUnitOfWork() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "bench-smoke", "profile-summary").toAbsolutePath());
    Path sopflow = work.resolve("sopflow.collapsed");
    Files.writeString(sopflow, String.join("\n",
        "java/lang/Thread.run;io/sopflow/incident/IncidentService.report;org/hibernate/internal/SessionImpl.persist;"
            + "java/util/HashMap.get 30",
        "java/lang/Thread.run;io/sopflow/incident/IncidentService.report;org/h2/command/Parser.parse 10",
        "start_thread;thread_native_entry;Thread::call_run;JavaThread::thread_main_inner;"
            + "CompileBroker::compiler_thread_loop;C2Compiler::compile_method 8",
        "start_thread;thread_native_entry;Thread::call_run;WorkerThread::run;G1ParTask::work 4",
        "java/lang/Thread.run;io/sopflow/notification/NotificationDispatcher.dispatch 6",
        "java/lang/Thread.run;java/util/concurrent/ThreadPoolExecutor.runWorker 2", ""));
    Path bare = work.resolve("bare.collapsed");
    Files.writeString(bare, "java/lang/Thread.run;org/h2/command/Parser.parse 4\n");

    Result summary = runSingleFile("ProfileSummary.java", "sopflow=" + sopflow + ":2", "bare=" + bare + ":1");
    String table = summary.output();
    assertThat(summary.exitCode()).as(table).isZero();

    assertThat(table).contains("| CPU ms per unit | sopflow | bare | sopflow - bare |")
        .contains("| Hibernate | 15.00 | 0.00 | +15.00 |")
        .contains("| H2 database | 5.00 | 4.00 | +1.00 |")
        .contains("| JIT compilers | 4.00 | 0.00 | +4.00 |")
        .contains("| SOPFlow | 3.00 | 0.00 | +3.00 |")
        .contains("| garbage collector | 2.00 | 0.00 | +2.00 |")
        .contains("| JVM and JDK (other) | 1.00 | 0.00 | +1.00 |")
        .contains("| **total** | **30.00** | **4.00** | **+26.00** |");
    assertThat(table.indexOf("| Hibernate |")).as("largest excess first").isLessThan(table.indexOf("| JIT compilers |"));
    assertThat(table.indexOf("| JIT compilers |")).isLessThan(table.indexOf("| H2 database |"));

    // Bad input: a clear message and exit code 2, no table; a file that is not collapsed stacks too.
    Path notStacks = Files.writeString(work.resolve("not-stacks.collapsed"), "<?xml version=\"1.0\"?>\n");
    for (String bad : List.of("sopflow=" + sopflow + ":0", "sopflow=" + sopflow + ":many", "sopflow=" + sopflow,
        "sopflow=" + work.resolve("missing.collapsed") + ":1", "sopflow=" + notStacks + ":1")) {
      Result refused = runSingleFile("ProfileSummary.java", bad);
      assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
      assertThat(refused.output()).startsWith("ProfileSummary: ").contains("usage:").doesNotContain("| CPU ms per unit |");
    }
  }

  /**
   * {@code StartupProfile} (issue #24 step 26), run from its source as docs/benchmarks.md shows: samples by thread
   * (the start-up thread whatever async-profiler named it, the JIT compilers, the JPA bootstrap wherever it ran) and the
   * start-up thread's samples by phase, the first phase found in a stack winning (Liquibase before SOPFlow's own code,
   * the engine before the SOPFlow bean that needed it), in seconds at the given interval.
   */
  @Test
  void startupProfileSplitsAStartByThreadAndTheStartUpThreadByPhase() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "bench-smoke", "startup-profile").toAbsolutePath());
    Path profile = work.resolve("start.collapsed");
    String run = "[DestroyJavaVM tid=7];io/sopflow/SopFlowApplication.main;org/springframework/boot/SpringApplication.run;";
    String beans = run + "org/springframework/context/support/AbstractApplicationContext.finishBeanFactoryInitialization;";
    Files.writeString(profile, String.join("\n",
        beans + "io/sopflow/platform/UnchangedSchemaSkip.postProcessBeforeInitialization;liquibase/Liquibase.update 3",
        beans + "io/sopflow/platform/StartupLock.acquire;org/camunda/bpm/engine/spring/ProcessEngineFactoryBean.getObject;"
            + "org/camunda/bpm/engine/impl/cfg/ProcessEngineConfigurationImpl.initSqlSessionFactory;"
            + "org/apache/ibatis/builder/xml/XMLConfigBuilder.parse 5",
        beans + "org/camunda/bpm/engine/spring/ProcessEngineFactoryBean.getObject;java/lang/ClassLoader.loadClass 2",
        beans + "io/sopflow/access/DemoAccessCatalogue.afterPropertiesSet 4",
        beans + "org/springframework/security/config/annotation/web/builders/HttpSecurity.build 1",
        run + "org/springframework/context/support/AbstractApplicationContext.invokeBeanFactoryPostProcessors 6",
        "[main tid=7];java/lang/ClassLoader.loadClass 1",
        "[C2 CompilerThre tid=20];C2Compiler::compile_method 12",
        "[C1 CompilerThre tid=21];Compiler::compile_method 2",
        "[scheduling-1 tid=40];org/springframework/orm/jpa/AbstractEntityManagerFactoryBean.buildNativeEntityManagerFactory;"
            + "org/hibernate/jpa/boot/internal/EntityManagerFactoryBuilderImpl.build 3",
        "[scheduling-1 tid=40];org/springframework/scheduling/support/ScheduledMethodRunnable.run;"
            + "io/sopflow/audit/AuditSealer.sealPending 1",
        "[GC Thread#0 tid=9];G1ParTask::work 1", ""));

    Result result = runSingleFile("StartupProfile.java", profile.toString(), "10");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("| Thread | s | % |")
        .contains("| start-up thread (main) | 0.22 | 53.7 |")
        .contains("| JIT: C2 compiler | 0.12 | 29.3 |")
        .contains("| JPA EntityManagerFactory (background bootstrap) | 0.03 | 7.3 |")
        .contains("| JIT: C1 compiler | 0.02 | 4.9 |")
        .contains("| SOPFlow's scheduled tasks | 0.01 | 2.4 |")
        .contains("| garbage collector, VM thread | 0.01 | 2.4 |")
        .contains("| **total** | **0.41** | 100 |")
        .contains("| Start-up thread, by phase | s | % |")
        .contains("| configuration classes, component scan, conditions | 0.06 | 27.3 |")
        .contains("| engine: MyBatis mapping set-up | 0.05 | 22.7 |")
        .contains("| SOPFlow's own set-up (identity, demo data, catalogues, models) | 0.04 | 18.2 |")
        .contains("| Liquibase, or the check that skips it | 0.03 | 13.6 |")
        .contains("| engine: the rest of its build | 0.02 | 9.1 |")
        .contains("| creating the other beans (Spring Boot, Security, Data, Camunda's starters) | 0.01 | 4.5 |")
        .contains("| JVM start and the rest | 0.01 | 4.5 |")
        .contains("| **total** | **0.22** | 100 |");
    assertThat(result.output().indexOf("| JIT: C2 compiler |")).as("largest first")
        .isLessThan(result.output().indexOf("| JIT: C1 compiler |"));

    // Bad input: a clear message and exit code 2, no table; a profile recorded without threads is refused too.
    Path noThreads = work.resolve("no-threads.collapsed");
    Files.writeString(noThreads, "java/lang/Thread.run 3\nC2Compiler::compile_method 2\n");
    for (List<String> bad : List.of(List.of(profile.toString()), List.of(profile.toString(), "0"),
        List.of(profile.toString(), "ten"), List.of(work.resolve("missing.collapsed").toString(), "10"),
        List.of(noThreads.toString(), "10"), List.of(Files.writeString(work.resolve("not-stacks.collapsed"),
            "[main tid=7];java/lang/Thread.run three\n").toString(), "10"))) {
      Result refused = runSingleFile("StartupProfile.java", bad.toArray(String[]::new));
      assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
      assertThat(refused.output()).startsWith("StartupProfile: ").contains("usage:").doesNotContain("| Thread |");
    }
  }

  private record Result(int exitCode, String output) {}

  /** Runs one of src/bench/java's single-file programs from its source, as docs/benchmarks.md shows. */
  private static Result runSingleFile(String program, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        Path.of("src", "bench", "java", "io", "sopflow", "bench", program).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(program + " finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  /** Compiles src/bench/java against the test classpath (the bench profile does the same with build-helper). */
  private static Path compileHarness(Path classes) throws IOException {
    Files.createDirectories(classes);
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "bench", "java"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toAbsolutePath().toString()));
    }
    assertThat(sources).isNotEmpty();
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
        System.getProperty("java.class.path"), "--release", "17", "-proc:none", "-nowarn"));
    args.addAll(sources);
    int status = compiler.run(null, null, null, args.toArray(String[]::new));
    assertThat(status).as("src/bench/java compiles").isZero();
    return classes;
  }
}
