package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.IntegrationTestBase;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.data.repository.Repository;

/**
 * Spring Data builds SOPFlow's repositories when they are first used (application.yml, issue #24), so a start-up no
 * longer proves that every query of every repository is valid. This test does: it builds every repository interface
 * of the code base, and building one creates and validates each of its query methods (a {@code @Query} that does not
 * parse, or a derived query naming a property the entity lacks, fails here).
 */
class RepositoryBootstrapIntegrationTest extends IntegrationTestBase {

  @Autowired ApplicationContext context;

  @Test
  void everyRepositoryOfTheCodeBaseIsBuiltWithAllItsQueries() throws Exception {
    Set<String> declared = repositoryInterfaces();
    assertThat(declared).as("repository interfaces under io.sopflow").hasSizeGreaterThan(20);

    Map<String, Repository> built = context.getBeansOfType(Repository.class);
    Set<String> interfaces = new TreeSet<>();
    for (Repository<?, ?> repository : built.values()) {
      Arrays.stream(((Advised) repository).getProxiedInterfaces())
          .map(Class::getName)
          .filter(declared::contains)
          .forEach(interfaces::add);
    }
    assertThat(interfaces).as("every repository interface is a repository the context can build")
        .containsExactlyElementsOf(declared);
  }

  @Test
  void repositoriesAreBuiltOnFirstUseNotAtStartUp() {
    var beanFactory = ((ConfigurableApplicationContext) context).getBeanFactory();
    String[] names = beanFactory.getBeanNamesForType(Repository.class, true, false);
    assertThat(names).hasSizeGreaterThan(20);
    assertThat(names).allSatisfy(name ->
        assertThat(beanFactory.getBeanDefinition(name).isLazyInit()).as("%s is built on first use", name).isTrue());
  }

  private static Set<String> repositoryInterfaces() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false) {
      @Override
      protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
        return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
      }
    };
    scanner.addIncludeFilter(new AssignableTypeFilter(Repository.class));
    return scanner.findCandidateComponents("io.sopflow").stream()
        .map(definition -> definition.getBeanClassName())
        .filter(name -> !name.startsWith("io.sopflow.bench"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
