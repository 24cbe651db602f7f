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
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The platform as a new user meets it: models deployed (forms included), once; every delegate wired; health UP. */
class PlatformIntegrationTest extends IntegrationTestBase {

  @Autowired RepositoryService repositoryService;
  @Autowired ManagementService managementService;
  @Autowired ProcessEngineConfigurationImpl engineConfiguration;
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
    ModelDeployer deployer = new ModelDeployer(repositoryService, managementService, deploymentProperties);
    deployer.afterPropertiesSet(); // in step with the classpath, whatever other tests deployed before
    Map<String, Integer> before = latestVersions();
    deployer.afterPropertiesSet();
    assertThat(latestVersions()).isEqualTo(before);
  }

  /**
   * The start-up check reads versions as table rows ({@link io.sopflow.platform.process.ProcessVersions}, also what
   * lists the SOPs for their reviews): a process definition query would parse the BPMN model of every version it
   * returns to read its documentation (the engine's enableFetchProcessDefinitionDescription), at every start, for
   * every version ever deployed. Probed with a version of its own that nothing else here starts or reads, so that the
   * job executor, which fills the engine's model cache as it works, cannot disturb the probe.
   */
  @Test
  void checkingTheModelsAtStartUpParsesNoDeployedModel() throws Exception {
    String key = "Process_ParseProbe" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "X");
    String probe = repositoryService.createDeployment().name("parse-probe").addModelInstance(key + ".bpmn",
            Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1).startEvent().endEvent().done())
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    var models = engineConfiguration.getDeploymentCache().getBpmnModelInstanceCache();
    models.remove(probe);

    new ModelDeployer(repositoryService, managementService, deploymentProperties).afterPropertiesSet();

    assertThat(models.get(probe)).as("the probe's model, parsed by the check").isNull();
    repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).list();
    assertThat(models.get(probe)).as("a process definition query parses it").isNotNull();
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
    new ModelDeployer(repositoryService, managementService, deploymentProperties).afterPropertiesSet();
    Map<String, Integer> before = latestVersions();

    var properties = new DeploymentProperties(deploymentProperties.name(), List.of(
        "file:" + bpmnCopy + "/*.bpmn", "file:" + bpmnCopy + "/*.dmn", "file:" + formCopy + "/*.form"));
    new ModelDeployer(repositoryService, managementService, properties).afterPropertiesSet();

    Map<String, Integer> after = latestVersions();
    assertThat(after.get(key)).isEqualTo(before.get(key) + 1);
    after.remove(key);
    before.remove(key);
    assertThat(after).isEqualTo(before);
  }

  /**
   * A process and the forms it names are deployed together whenever one of them changed: every form reference of the
   * new version is bound to its own deployment. The engine's "changed only" filtering, which the start-up deployment
   * used before, deployed a changed model without its unchanged forms (their tasks had no form), and a changed form
   * alone reached no process version.
   */
  @Test
  void aChangedModelOrFormIsDeployedWithEveryFormItsProcessNames(@TempDir Path folder) throws Exception {
    String key = "Process_DeployUnitProbe" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "X");
    String bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Probe" targetNamespace="http://sopflow.io">
          <bpmn:process id="%s" name="Deployment unit probe" isExecutable="true" camunda:historyTimeToLive="P1D">
            <bpmn:startEvent id="StartEvent_Probe"/>
            <bpmn:userTask id="Task_First" name="%s" camunda:formRef="Form_ProbeFirst" camunda:formRefBinding="deployment"/>
            <bpmn:userTask id="Task_Second" name="Second" camunda:formRef="Form_ProbeSecond" camunda:formRefBinding="deployment"/>
            <bpmn:endEvent id="EndEvent_Probe"/>
            <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Probe" targetRef="Task_First"/>
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_First" targetRef="Task_Second"/>
            <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Second" targetRef="EndEvent_Probe"/>
          </bpmn:process>
        </bpmn:definitions>
        """;
    String form = "{\"id\": \"%s\", \"type\": \"default\", \"components\": [{\"type\": \"textfield\", "
        + "\"key\": \"note\", \"label\": \"%s\"}]}";
    Files.writeString(folder.resolve("Probe.bpmn"), bpmn.formatted(key, "First"));
    Files.writeString(folder.resolve("Form_ProbeFirst.form"), form.formatted("Form_ProbeFirst", "Note"));
    Files.writeString(folder.resolve("Form_ProbeSecond.form"), form.formatted("Form_ProbeSecond", "Note"));
    // Deployed as the start-up deployment did before: the files changed since the last deployment of that name only.
    var old = repositoryService.createDeployment().name("probe-units").source("probe-units")
        .enableDuplicateFiltering(true);
    for (String file : List.of("Probe.bpmn", "Form_ProbeFirst.form", "Form_ProbeSecond.form")) {
      old.addString(file, Files.readString(folder.resolve(file)));
    }
    old.deploy();
    var deployer = new ModelDeployer(repositoryService, managementService, new DeploymentProperties("probe-units",
        List.of("file:" + folder + "/*")));

    deployer.afterPropertiesSet();
    assertThat(version(key)).as("up to date: nothing new").isEqualTo(1);

    // A changed form alone: a new version that carries it, and the unchanged model and form with it.
    Files.writeString(folder.resolve("Form_ProbeSecond.form"), form.formatted("Form_ProbeSecond", "What was done"));
    deployer.afterPropertiesSet();
    assertThat(version(key)).isEqualTo(2);
    assertThat(resourcesOfLatest(key)).containsOnlyKeys("Probe.bpmn", "Form_ProbeFirst.form", "Form_ProbeSecond.form")
        .hasEntrySatisfying("Form_ProbeSecond.form", text -> assertThat(text).contains("What was done"));

    // A changed model: deployed with both its forms, unchanged as they are.
    Files.writeString(folder.resolve("Probe.bpmn"), bpmn.formatted(key, "First step"));
    deployer.afterPropertiesSet();
    assertThat(version(key)).isEqualTo(3);
    assertThat(resourcesOfLatest(key)).containsOnlyKeys("Probe.bpmn", "Form_ProbeFirst.form", "Form_ProbeSecond.form")
        .hasEntrySatisfying("Probe.bpmn", text -> assertThat(text).contains("First step"));

    deployer.afterPropertiesSet();
    assertThat(version(key)).as("a restart with unchanged files").isEqualTo(3);

    // A process owner's own version, deployed from Modeler: a restart does not deploy the shipped files over it.
    repositoryService.createDeployment().name("owner-edit").addString("Probe.bpmn", bpmn.formatted(key, "Owner's step"))
        .addString("Form_ProbeFirst.form", Files.readString(folder.resolve("Form_ProbeFirst.form")))
        .addString("Form_ProbeSecond.form", Files.readString(folder.resolve("Form_ProbeSecond.form"))).deploy();
    deployer.afterPropertiesSet();
    assertThat(version(key)).as("the owner's version stays the latest").isEqualTo(4);
    assertThat(resourcesOfLatest(key).get("Probe.bpmn")).contains("Owner's step");
  }

  private int version(String key) {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult()
        .getVersion();
  }

  private Map<String, String> resourcesOfLatest(String key) throws Exception {
    String deployment = repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
        .singleResult().getDeploymentId();
    Map<String, String> resources = new java.util.TreeMap<>();
    for (String name : repositoryService.getDeploymentResourceNames(deployment)) {
      try (var in = repositoryService.getResourceAsStream(deployment, name)) {
        resources.put(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return resources;
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
