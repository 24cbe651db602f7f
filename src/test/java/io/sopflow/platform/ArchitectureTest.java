package io.sopflow.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import jakarta.persistence.Entity;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Service;

/** The package rules of DESIGN.md, as tests (plain JUnit tests, so that every runner and filter finds them). */
class ArchitectureTest {

  private static final JavaClasses SOPFLOW = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.sopflow");

  private static final String[] SOPS = {"io.sopflow.incident..", "io.sopflow.change..", "io.sopflow.access..",
      "io.sopflow.release..", "io.sopflow.closure..", "io.sopflow.backup..", "io.sopflow.report..",
      // Not an SOP, a feature: the shared packages reach it only through identity/Substitutes.
      "io.sopflow.delegation.."};

  @Test
  void onlyProcessAndPlatformPackagesTouchTheEngine() {
    noClasses()
        .that().resideOutsideOfPackages("..process..", "io.sopflow.platform..")
        .should().dependOnClassesThat().resideInAPackage("org.camunda..")
        .because("SOP domain code stays free of the engine: only *.process packages (and the platform) import org.camunda")
        .check(SOPFLOW);
  }

  @Test
  void sharedPackagesNeverImportAnSop() {
    noClasses()
        .that().resideInAnyPackage("io.sopflow.platform..", "io.sopflow.sla..", "io.sopflow.notification..",
          "io.sopflow.identity..", "io.sopflow.audit..", "io.sopflow.domain..", "io.sopflow.metrics..",
          "io.sopflow.command..", "io.sopflow.persistence..")
        .should().dependOnClassesThat().resideInAnyPackage(SOPS)
        .because("shared packages serve every SOP and know none of them")
        .check(SOPFLOW);
  }

  @Test
  void delegatesAndListenersDoNotTouchRepositories() {
    noClasses()
        .that().implement(JavaDelegate.class).or().implement(TaskListener.class).or().implement(ExecutionListener.class)
        .should().dependOnClassesThat().areAssignableTo(Repository.class)
        .because("delegates and listeners are thin: they call a service, never a repository")
        .check(SOPFLOW);
  }

  @Test
  void delegatesAndListenersLiveInProcessPackages() {
    classes()
        .that().implement(JavaDelegate.class).or().implement(TaskListener.class).or().implement(ExecutionListener.class)
        .should().resideInAPackage("..process..")
        .check(SOPFLOW);
  }

  @Test
  void listenersReadTaskInputOnlyThroughTaskForms() {
    noClasses()
        .that().implement(TaskListener.class)
        .should().dependOnClassesThat().haveFullyQualifiedName("org.camunda.bpm.engine.BadUserRequestException")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.camunda.bpm.engine.AuthorizationException")
        .because("a listener refuses with a domain exception (TaskForm does it for input); EngineRefusals answers it")
        .check(SOPFLOW);
  }

  @Test
  void tasksShowRecordValuesOnlyThroughTaskForms() {
    noClasses()
        .that().resideOutsideOfPackage("io.sopflow.platform.process")
        .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                JavaClass.Predicates.assignableTo(DelegateTask.class)))
            .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("setVariablesLocal|setVariableLocal"))))
        .because("a task-local variable is what the task's form shows, and it goes on the task one way: TaskForms.show, "
            + "which stores only what the form mentions")
        .check(SOPFLOW);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.sopflow.(*)..")
        .should().beFreeOfCycles()
        .because("a feature that depends on another must not be depended on by it: each SOP can be read on its own")
        .check(SOPFLOW);
  }

  @Test
  void entitiesAndServicesDoNotKnowTheWeb() {
    noClasses()
        .that().areAnnotatedWith(Entity.class).or().areAnnotatedWith(Service.class)
        .should().dependOnClassesThat().resideInAnyPackage("io.sopflow.platform.web..", "org.springframework.web..",
            "org.springframework.http..", "jakarta.servlet..")
        .because("domain exceptions belong to the domain and are mapped to HTTP at the edge")
        .check(SOPFLOW);
  }

  @Test
  void domainPackageImportsNothingOfSopflow() {
    noClasses()
        .that().resideInAPackage("io.sopflow.domain..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.sopflow.domain..", "java..")
        .because("the domain exceptions and paging are shared by every SOP and depend on nothing")
        .check(SOPFLOW);
  }

  @Test
  void repositoriesAreNotPublic() {
    classes()
        .that().areAssignableTo(Repository.class).and().areInterfaces()
        .should().notBePublic()
        .because("a feature's service is its public face; its repository is an implementation detail")
        .check(SOPFLOW);
  }

  @Test
  void repositoryQueriesAreJpqlStrings() {
    methods()
        .that().areDeclaredInClassesThat().resideInAPackage("io.sopflow..")
        .and().areDeclaredInClassesThat().areInterfaces()
        .and().areDeclaredInClassesThat().areAssignableTo(Repository.class)
        .and().haveNameMatching("(find|exists|count|delete|get|read|query|search|stream|remove).*")
        .and().haveModifier(JavaModifier.ABSTRACT)
        .should().beAnnotatedWith(Query.class)
        .because("Hibernate 6.6 caches the translation of a JPQL string, not of a derived (criteria) query "
            + "(issue #24 step 14)")
        .check(SOPFLOW);
  }
}
