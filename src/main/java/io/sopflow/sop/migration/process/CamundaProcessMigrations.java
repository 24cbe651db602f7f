package io.sopflow.sop.migration.process;

import io.sopflow.platform.process.VersionsInForce;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.migration.ProcessMigrations;
import io.sopflow.sop.migration.SopMigrationApi.Instruction;
import io.sopflow.sop.migration.SopMigrationApi.MigratableInstance;
import io.sopflow.sop.migration.SopMigrationApi.MigrationReport;
import io.sopflow.sop.migration.SopMigrationApi.NotMigratableInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ConditionalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.SignalEventDefinition;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SOP migrations on Camunda's migration API. The plan maps activities with equal ids ({@code mapEqualActivities});
 * message, signal and conditional events are mapped with {@code updateEventTrigger} (a renamed message or a changed
 * condition takes effect), timers without it: an SLA timer keeps the due date it was given when its task was created,
 * so a migration never restarts an SLA clock.
 *
 * <p>The engine validates an instance against a plan only while it migrates it, so each running instance is migrated
 * in a transaction of its own that is always rolled back: what fails is reported in the engine's words, what succeeds
 * is migratable. A real migration then moves the migratable instances as one batch ({@code executeAsync}) that the
 * job executor runs and Cockpit shows. Custom listeners and input/output mappings are skipped: a migration moves
 * tokens, it does not re-run the steps that created them. The service has checked the caller's groups; the engine
 * calls run without the caller's engine authorizations (process owners hold no batch permissions).
 */
@Component
class CamundaProcessMigrations implements ProcessMigrations {

  private final RuntimeService runtimeService;
  private final RepositoryService repositoryService;
  private final WithoutCallerAuthorizations withoutCallerAuthorizations;
  private final TransactionTemplate rolledBack;
  private final VersionsInForce versionsInForce;

  CamundaProcessMigrations(RuntimeService runtimeService, RepositoryService repositoryService,
      WithoutCallerAuthorizations withoutCallerAuthorizations, PlatformTransactionManager transactionManager,
      VersionsInForce versionsInForce) {
    this.runtimeService = runtimeService;
    this.versionsInForce = versionsInForce;
    this.repositoryService = repositoryService;
    this.withoutCallerAuthorizations = withoutCallerAuthorizations;
    this.rolledBack = new TransactionTemplate(transactionManager);
    this.rolledBack.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public OptionalInt latestVersion(String processKey) {
    ProcessDefinition latest = withoutCallerAuthorizations.call(() -> repositoryService
        .createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion().singleResult());
    return latest == null ? OptionalInt.empty() : OptionalInt.of(latest.getVersion());
  }

  @Override
  public boolean hasVersion(String processKey, int version) {
    return definition(processKey, version) != null;
  }

  @Override
  public boolean inForce(String processKey, int version) {
    ProcessDefinition definition = definition(processKey, version);
    return definition != null && versionsInForce.mayStart(processKey, definition.getId());
  }

  @Override
  public MigrationReport migrate(String processKey, int fromVersion, int toVersion, boolean dryRun, String user) {
    return withoutCallerAuthorizations.call(() -> {
      ProcessDefinition source = definition(processKey, fromVersion);
      ProcessDefinition target = definition(processKey, toVersion);
      List<ProcessInstance> running = runtimeService.createProcessInstanceQuery()
          .processDefinitionId(source.getId()).orderByProcessInstanceId().asc().list();
      List<String> planErrors = new ArrayList<>();
      MigrationPlan plan = plan(source, target, planErrors);
      List<MigratableInstance> migratable = new ArrayList<>();
      List<NotMigratableInstance> notMigratable = new ArrayList<>();
      for (ProcessInstance instance : running) {
        String reason = plan == null ? "the migration plan is invalid: " + String.join("; ", planErrors)
            : validate(plan, instance.getId());
        if (reason == null) {
          migratable.add(new MigratableInstance(instance.getId(), instance.getBusinessKey(),
              activeActivities(instance.getId())));
        } else {
          notMigratable.add(new NotMigratableInstance(instance.getId(), instance.getBusinessKey(), reason));
        }
      }
      String batchId = null;
      if (!dryRun && plan != null && !migratable.isEmpty()) {
        Batch batch = runtimeService.newMigration(plan)
            .processInstanceIds(migratable.stream().map(MigratableInstance::processInstanceId).toList())
            .skipCustomListeners().skipIoMappings().executeAsync();
        batchId = batch.getId();
      }
      List<Instruction> instructions = plan == null ? List.of() : plan.getInstructions().stream()
          .map(i -> new Instruction(i.getSourceActivityId(), i.getTargetActivityId(), i.isUpdateEventTrigger()))
          .toList();
      return new MigrationReport(processKey, fromVersion, toVersion, source.getId(), target.getId(), dryRun,
          instructions, unmapped(source, plan), planErrors, migratable, notMigratable, batchId,
          batchId == null ? 0 : migratable.size());
    });
  }

  private ProcessDefinition definition(String processKey, int version) {
    return withoutCallerAuthorizations.call(() -> repositoryService.createProcessDefinitionQuery()
        .processDefinitionKey(processKey).processDefinitionVersion(version).singleResult());
  }

  /** The plan, or null with the engine's reasons in {@code errors} when it refuses the plan itself. */
  private MigrationPlan plan(ProcessDefinition source, ProcessDefinition target, List<String> errors) {
    List<MigrationInstruction> equal;
    try {
      equal = runtimeService.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities().build()
          .getInstructions();
    } catch (MigrationPlanValidationException e) {
      errors.addAll(failures(e));
      return null;
    }
    BpmnModelInstance sourceModel = repositoryService.getBpmnModelInstance(source.getId());
    MigrationPlanBuilder builder = runtimeService.createMigrationPlan(source.getId(), target.getId());
    for (MigrationInstruction instruction : equal) {
      var mapping = builder.mapActivities(instruction.getSourceActivityId(), instruction.getTargetActivityId());
      if (triggersByEvent(sourceModel.getModelElementById(instruction.getSourceActivityId()))) {
        mapping.updateEventTrigger();
      }
    }
    try {
      return builder.build();
    } catch (MigrationPlanValidationException e) {
      errors.addAll(failures(e));
      return null;
    }
  }

  /** Message, signal and conditional events follow the new model's trigger; timers keep their due dates. */
  private static boolean triggersByEvent(ModelElementInstance element) {
    if (element == null) {
      return false;
    }
    Collection<EventDefinition> definitions = element.getChildElementsByType(EventDefinition.class);
    return definitions.stream().anyMatch(d -> d instanceof MessageEventDefinition
        || d instanceof SignalEventDefinition || d instanceof ConditionalEventDefinition);
  }

  /** Null when the instance migrates under the plan; else the engine's reasons. Nothing is kept either way. */
  private String validate(MigrationPlan plan, String processInstanceId) {
    try {
      return rolledBack.execute(status -> {
        status.setRollbackOnly();
        try {
          runtimeService.newMigration(plan).processInstanceIds(processInstanceId).skipCustomListeners()
              .skipIoMappings().execute();
          return null;
        } catch (MigratingProcessInstanceValidationException e) {
          return reasons(e.getValidationReport());
        } catch (MigrationPlanValidationException e) {
          return String.join("; ", failures(e));
        } catch (ProcessEngineException e) {
          return e.getMessage();
        }
      });
    } catch (ProcessEngineException e) {
      return e.getMessage();
    }
  }

  private static String reasons(MigratingProcessInstanceValidationReport report) {
    Set<String> reasons = new LinkedHashSet<>(report.getFailures());
    for (MigratingActivityInstanceValidationReport activity : report.getActivityInstanceReports()) {
      activity.getFailures().forEach(f -> reasons.add(activity.getSourceScopeId() + ": " + f));
    }
    for (MigratingTransitionInstanceValidationReport transition : report.getTransitionInstanceReports()) {
      transition.getFailures().forEach(f -> reasons.add(transition.getSourceScopeId() + ": " + f));
    }
    return reasons.isEmpty() ? "the engine refused to migrate it" : String.join("; ", reasons);
  }

  private static List<String> failures(MigrationPlanValidationException e) {
    List<String> failures = new ArrayList<>();
    for (MigrationInstructionValidationReport report : e.getValidationReport().getInstructionReports()) {
      MigrationInstruction i = report.getMigrationInstruction();
      report.getFailures().forEach(f -> failures.add(i.getSourceActivityId() + " -> " + i.getTargetActivityId()
          + ": " + f));
    }
    e.getValidationReport().getVariableReports().forEach((name, report) ->
        report.getFailures().forEach(f -> failures.add("variable " + name + ": " + f)));
    if (failures.isEmpty()) {
      failures.add(e.getMessage());
    }
    return failures;
  }

  /** Flow nodes of the old version that the plan does not map: an instance waiting in one cannot migrate. */
  private List<String> unmapped(ProcessDefinition source, MigrationPlan plan) {
    Set<String> mapped = new TreeSet<>();
    if (plan != null) {
      plan.getInstructions().forEach(i -> mapped.add(i.getSourceActivityId()));
    }
    Set<String> unmapped = new TreeSet<>();
    repositoryService.getBpmnModelInstance(source.getId())
        .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Activity.class).forEach(a -> {
          if (!mapped.contains(a.getId())) {
            unmapped.add(a.getId());
          }
        });
    repositoryService.getBpmnModelInstance(source.getId())
        .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.CatchEvent.class).forEach(e -> {
          if (!mapped.contains(e.getId()) && !(e instanceof org.camunda.bpm.model.bpmn.instance.StartEvent)) {
            unmapped.add(e.getId());
          }
        });
    return List.copyOf(unmapped);
  }

  private List<String> activeActivities(String processInstanceId) {
    ActivityInstance tree = runtimeService.getActivityInstance(processInstanceId);
    Set<String> ids = new TreeSet<>();
    collect(tree, ids);
    return List.copyOf(ids);
  }

  private static void collect(ActivityInstance instance, Set<String> ids) {
    if (instance == null) {
      return;
    }
    if (instance.getChildActivityInstances().length == 0 && instance.getChildTransitionInstances().length == 0
        && instance.getParentActivityInstanceId() != null) {
      ids.add(instance.getActivityId());
    }
    for (TransitionInstance transition : instance.getChildTransitionInstances()) {
      ids.add(transition.getActivityId());
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      collect(child, ids);
    }
  }
}
