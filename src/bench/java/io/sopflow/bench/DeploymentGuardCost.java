package io.sopflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the deployment guard ({@code platform/process/ModelSafetyGuard}) costs where it runs at all at start-up: the
 * first deployment of the models on an empty database (a restart deploys nothing unchanged, so the guard does not run).
 * A single-file program, run from its source with SOPFlow's class path, in a JVM of its own so that the first pass is
 * cold as at a start:
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * java -cp "target/classes:$(cat target/runtime.classpath)" src/bench/java/io/sopflow/bench/DeploymentGuardCost.java processes
 * </pre>
 *
 * Prints the first pass over every model of the folder (wall time and the thread's CPU, class loading included) and a
 * warm pass after 20 more.
 */
public final class DeploymentGuardCost {

  private DeploymentGuardCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: DeploymentGuardCost <folder of .bpmn and .dmn models>");
      System.exit(2);
    }
    var threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    Class<?> type = Class.forName("io.sopflow.platform.process.ModelSafetyGuard");
    Constructor<?> constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    Object guard = constructor.newInstance();
    Method findings = type.getDeclaredMethod("findings", String.class, byte[].class);
    findings.setAccessible(true);
    List<Path> models = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(args[0]))) {
      files.filter(p -> p.toString().endsWith(".bpmn") || p.toString().endsWith(".dmn")).sorted().forEach(models::add);
    }
    int found = 0;
    for (Path model : models) {
      found += ((List<?>) findings.invoke(guard, model.getFileName().toString(), Files.readAllBytes(model))).size();
    }
    System.out.printf("first pass (cold JVM): %d models, %d findings, %.0f ms wall, %.0f ms CPU%n", models.size(),
        found, (System.nanoTime() - wall) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
    for (int round = 0; round < 20; round++) {
      for (Path model : models) {
        findings.invoke(guard, model.getFileName().toString(), Files.readAllBytes(model));
      }
    }
    cpu = threads.getCurrentThreadCpuTime();
    wall = System.nanoTime();
    for (Path model : models) {
      findings.invoke(guard, model.getFileName().toString(), Files.readAllBytes(model));
    }
    System.out.printf("warm pass: %.1f ms wall, %.1f ms CPU%n", (System.nanoTime() - wall) / 1e6,
        (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
  }
}
