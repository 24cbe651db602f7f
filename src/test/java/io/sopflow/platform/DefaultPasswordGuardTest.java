package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.SopFlowApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Outside the demo profile SOPFlow refuses to start with a missing or a default password. */
class DefaultPasswordGuardTest {

  /** Starts SOPFlow without the demo profile; properties are given as command-line arguments, as an operator would. */
  private static ConfigurableApplicationContext start(String database, String... properties) {
    List<String> args = new ArrayList<>(List.of(
        "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE",
        "--server.port=0", "--camunda.bpm.generate-unique-process-engine-name=true",
        "--camunda.bpm.job-execution.enabled=false", "--spring.main.banner-mode=off", "--logging.level.root=error",
        // The guard is what is tested, not the webapps (whose JVM-wide statics a failed start would clear).
        "--camunda.bpm.webapp.enabled=false"));
    for (String property : properties) {
      args.add("--" + property);
    }
    return new SpringApplicationBuilder(SopFlowApplication.class).run(args.toArray(String[]::new));
  }

  @Test
  void refusesToStartWithoutAnAdminPassword() {
    assertThatThrownBy(() -> start("guard-" + UUID.randomUUID()).close())
        .rootCause().hasMessageContaining("without an admin password").hasMessageContaining("SOPFLOW_ADMIN_PASSWORD");
  }

  @Test
  void refusesToStartWithTheDemoPasswordForAdmin() {
    assertThatThrownBy(() -> start("guard-" + UUID.randomUUID(), "camunda.bpm.admin-user.password=demo").close())
        .rootCause().hasMessageContaining("demo password");
  }

  @Test
  void refusesToStartWhileDemoUsersKeepTheDemoPassword() {
    String database = "guard-" + UUID.randomUUID();
    try (ConfigurableApplicationContext demo = start(database, "sopflow.demo.seed-users=true",
        "camunda.bpm.admin-user.password=demo")) {
      assertThat(demo.isActive()).isTrue();
    }
    assertThatThrownBy(() -> start(database, "camunda.bpm.admin-user.password=S3cure-enough").close())
        .rootCause().hasMessageContaining("still have the demo password").hasMessageContaining("desk");
  }

  @Test
  void startsWithAnAdminPasswordOfItsOwn() {
    try (ConfigurableApplicationContext context = start("guard-" + UUID.randomUUID(),
        "camunda.bpm.admin-user.password=S3cure-enough")) {
      assertThat(context.isActive()).isTrue();
    }
  }
}
