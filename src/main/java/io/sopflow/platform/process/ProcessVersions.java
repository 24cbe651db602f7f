package io.sopflow.platform.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * Every version of every process as the engine stores it (key, version, deployment, tenant), read as rows of its
 * process definition table, without the models.
 *
 * <p>Why not a process definition query: with the engine's default {@code enableFetchProcessDefinitionDescription} it
 * loads the BPMN model of every definition it returns (DOM and schema validation) to read the process's
 * documentation, so listing every version parses every model ever deployed, owners' versions included: 2.8 s of a
 * restart with ten versions of each SOP (docs/benchmarks.md, step 32). Whoever needs only which versions exist reads
 * them here; whoever needs a model asks the engine for that one.
 */
public final class ProcessVersions {

  private static final int PAGE = 500;

  /** One version of a process; {@code tenantId} is null without tenants. */
  public record Version(String key, int version, String deploymentId, String tenantId) {

    static Version of(Map<String, Object> row) {
      // Column names as the database reports them (upper case on H2 and MySQL, lower case on PostgreSQL).
      Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      columns.putAll(row);
      return new Version((String) columns.get("KEY_"), ((Number) columns.get("VERSION_")).intValue(),
          (String) columns.get("DEPLOYMENT_ID_"), (String) columns.get("TENANT_ID_"));
    }
  }

  private ProcessVersions() {}

  /**
   * Every version of every process, in pages of {@value #PAGE} rows. The engine's table page query needs no rights
   * when no one is authenticated (start-up, scheduled work), else those of an engine admin.
   */
  public static List<Version> all(ManagementService managementService) {
    String table = managementService.getTableName(ProcessDefinition.class);
    List<Version> versions = new ArrayList<>();
    for (int first = 0; ; first += PAGE) {
      List<Map<String, Object>> rows = managementService.createTablePageQuery().tableName(table).orderAsc("ID_")
          .listPage(first, PAGE).getRows();
      rows.forEach(row -> versions.add(Version.of(row)));
      if (rows.size() < PAGE) {
        return versions;
      }
    }
  }
}
