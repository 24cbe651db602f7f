package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.sla.SlaDates;
import io.sopflow.support.IntegrationTestBase;
import io.sopflow.support.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The platform as a new user meets it: models deployed (forms included), once; every delegate wired; health UP. */
class PlatformIntegrationTest extends IntegrationTestBase {

  @Autowired RepositoryService repositoryService;
  @Autowired ApplicationContext context;
  @Autowired DeploymentProperties deploymentProperties;
  @Autowired SlaDates slaDates;
  @Autowired DataSource dataSource;
  @Autowired SpringLiquibase liquibase;

  @Test
  void deploysEveryProcessDecisionAndFormOfTheRepository() {
    List<String> processKeys = repositoryService.createProcessDefinitionQuery().latestVersion().list().stream()
        .map(ProcessDefinition::getKey).toList();
    List<String> files = Models.files(Models.PROCESSES, ".bpmn").stream()
        .map(p -> p.getFileName().toString().replace(".bpmn", "")).toList();
    assertThat(processKeys).containsAll(files);

    List<String> resources = repositoryService.createDeploymentQuery().deploymentName(deploymentProperties.name()).list()
        .stream().flatMap(d -> repositoryService.getDeploymentResourceNames(d.getId()).stream()).toList();
    List<String> forms = Models.files(Models.FORMS, ".form").stream().map(p -> p.getFileName().toString()).toList();
    assertThat(forms).isNotEmpty();
    assertThat(resources).containsAll(forms);
    assertThat(repositoryService.createDecisionDefinitionQuery().count())
        .isEqualTo(Models.files(Models.PROCESSES, ".dmn").size() == 0 ? 0L
            : repositoryService.createDecisionDefinitionQuery().latestVersion().count());
  }

  @Test
  void liquibaseSendsNoAnalytics() {
    // Issue #24 step 18: Liquibase's anonymous analytics (on by default since 4.30) call liquibase.com from every node
    // at every start; SOPFlow sends nothing anywhere it was not told to.
    assertThat(liquibase.getAnalyticsEnabled()).isFalse();
  }

  @Test
  void theEnginesSubtaskLookupAndJobAcquisitionReadIndexes() {
    // Issue #24 (880-engine-indexes.xml): every task that ends makes the engine look for its subtasks, and job
    // acquisition asks for the due jobs by due date; the engine's own schema has an index for neither. (Shortened
    // forms of the engine's statements; scripts/JobAcquisitionIndex.java runs the full acquisition query.)
    // MariaDbIntegrationTest checks the same on MariaDB.
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(jdbc.queryForObject("explain select * from ACT_RU_TASK where PARENT_TASK_ID_ = 'x'", String.class))
        .contains("SOPFLOW_IDX_TASK_PARENT");
    assertThat(jdbc.queryForObject(ACQUISITION, String.class)).contains("SOPFLOW_IDX_JOB_DUEDATE");
  }

  static final String ACQUISITION = "explain select RES.ID_, RES.REV_, RES.DUEDATE_ from ACT_RU_JOB RES"
      + " where (RES.RETRIES_ > 0) and (RES.DUEDATE_ is null or RES.DUEDATE_ <= current_timestamp)"
      + " and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < current_timestamp) and RES.SUSPENSION_STATE_ = 1"
      + " order by RES.DUEDATE_ asc limit 3";

  @Test
  void startingAgainWithUnchangedModelsCreatesNoNewVersions() throws Exception {
    ModelDeployer deployer = new ModelDeployer(repositoryService, deploymentProperties);
    deployer.afterPropertiesSet(); // in step with the classpath, whatever other tests deployed before
    Map<String, Integer> before = latestVersions();
    deployer.afterPropertiesSet();
    assertThat(latestVersions()).isEqualTo(before);
  }

  @Test
  void changingOneModelCreatesANewVersionOfThatModelOnly(@TempDir Path copy) throws Exception {
    Path bpmnCopy = Files.createDirectories(copy.resolve("processes"));
    Path formCopy = Files.createDirectories(copy.resolve("forms"));
    for (Path file : Models.files(Models.PROCESSES, "")) {
      Files.copy(file, bpmnCopy.resolve(file.getFileName()));
    }
    for (Path file : Models.files(Models.FORMS, ".form")) {
      Files.copy(file, formCopy.resolve(file.getFileName()));
    }
    Path changed = Models.files(bpmnCopy, ".bpmn").get(0);
    String key = changed.getFileName().toString().replace(".bpmn", "");
    Files.writeString(changed, Files.readString(changed).replaceFirst("camunda:versionTag=\"[^\"]*\"",
        "camunda:versionTag=\"9.9.9-test\""));
    // The baseline is what the files of processes/ deploy: a test sharing this context may have deployed a changed
    // model under the same deployment name (SopVersionsInForceIntegrationTest), which the files then change back.
    new ModelDeployer(repositoryService, deploymentProperties).afterPropertiesSet();
    Map<String, Integer> before = latestVersions();

    var properties = new DeploymentProperties(deploymentProperties.name(), List.of(
        "file:" + bpmnCopy + "/*.bpmn", "file:" + bpmnCopy + "/*.dmn", "file:" + formCopy + "/*.form"));
    new ModelDeployer(repositoryService, properties).afterPropertiesSet();

    Map<String, Integer> after = latestVersions();
    assertThat(after.get(key)).isEqualTo(before.get(key) + 1);
    after.remove(key);
    before.remove(key);
    assertThat(after).isEqualTo(before);
  }

  @Test
  void everyDelegateExpressionInTheModelsNamesABean() {
    assertThat(Models.delegateBeans()).isNotEmpty()
        .allSatisfy(bean -> assertThat(context.containsBean(bean)).as("bean %s", bean).isTrue());
  }

  /** A step SLA named in a model ({@code ${slaDates.escalation('change.review')}}) is configured, with its calendar. */
  @Test
  void everyStepSlaNamedInTheModelsIsConfigured() throws Exception {
    Pattern step = Pattern.compile("slaDates\\.(?:reminder|escalation)\\('([^']+)'\\)");
    Set<String> named = new TreeSet<>();
    for (Path model : Models.files(Models.PROCESSES, ".bpmn")) {
      Matcher m = step.matcher(Files.readString(model));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).as("step SLAs named in the models").isNotEmpty();
    assertThat(slaDates.stepNames()).containsAll(named);
    for (String name : named) {
      assertThat(slaDates.escalation(name)).as("escalation of %s", name).isAfter(slaDates.reminder(name));
    }
  }

  @Test
  void healthIsUpWithDatabaseAndJobExecutorAndShowsItsComponentsOnlyToManagersAndAdmins() {
    JsonNode health = as("manager").get().uri("/actuator/health").retrieve().body(JsonNode.class);
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
    assertThat(health.path("components").path("jobExecutor").path("status").asText()).isEqualTo("UP");
    assertThat(as("admin").get().uri("/actuator/health").retrieve().body(JsonNode.class).path("components")
        .has("db")).as("admins see the components").isTrue();

    for (var caller : List.of(anonymous(), as("desk"))) {
      JsonNode statusOnly = caller.get().uri("/actuator/health").retrieve().body(JsonNode.class);
      assertThat(statusOnly.path("status").asText()).isEqualTo("UP");
      assertThat(statusOnly.has("components")).as("no components for anyone else: %s", statusOnly).isFalse();
    }
  }

  private Map<String, Integer> latestVersions() {
    return repositoryService.createProcessDefinitionQuery().latestVersion().list().stream()
        .collect(Collectors.toMap(ProcessDefinition::getKey, ProcessDefinition::getVersion));
  }
}
