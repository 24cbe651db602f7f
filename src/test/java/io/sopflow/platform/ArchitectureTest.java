package io.sopflow.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.data.repository.Repository;

/** The package rules of DESIGN.md, as tests (plain JUnit tests, so that every runner and filter finds them). */
class ArchitectureTest {

  private static final JavaClasses SOPFLOW = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.sopflow");

  private static final String[] SOPS = {"io.sopflow.incident..", "io.sopflow.change..", "io.sopflow.access..",
      "io.sopflow.release..", "io.sopflow.closure.."};

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
          "io.sopflow.identity..", "io.sopflow.audit..")
        .should().dependOnClassesThat().resideInAnyPackage(SOPS)
        .because("shared packages serve every SOP and know none of them")
        .check(SOPFLOW);
  }

  @Test
  void delegatesDoNotTouchRepositories() {
    noClasses()
        .that().implement(JavaDelegate.class)
        .should().dependOnClassesThat().areAssignableTo(Repository.class)
        .because("delegates are thin: they call a service, never a repository")
        .check(SOPFLOW);
  }

  @Test
  void delegatesLiveInProcessPackages() {
    classes()
        .that().implement(JavaDelegate.class)
        .should().resideInAPackage("..process..")
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
}
