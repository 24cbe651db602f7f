package io.sopflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class BackupPropertiesTest {

  @Test
  void placeholdersAreFilledInEveryArgumentWithoutAShell() {
    BackupProperties.BackupSet set = set(List.of("cp", "-a", "{backup}/.", "{target}"), null);

    assertThat(set.restoreCommandFor("/srv/backup/finance", Path.of("/tmp/r1")))
        .containsExactly("cp", "-a", "/srv/backup/finance/.", "/tmp/r1");
    assertThat(set.manifest()).isEqualTo("MANIFEST.sha256");
    assertThat(set.timeout()).isEqualTo(set.rto());
  }

  @Test
  void aSetThatCannotWorkIsRefusedAtStartUp() {
    assertThatThrownBy(() -> set(List.of("cp", "-a", "{backup}/.", "/tmp/fixed"), null))
        .hasMessageContaining("{target}");
    assertThatThrownBy(() -> set(List.of("cp", "{target}"), "every day at three"))
        .hasMessageContaining("cron");
    assertThatThrownBy(() -> new BackupProperties(Map.of("Finance Share", set(List.of("cp", "{target}"), null)),
        null, null, null, null)).hasMessageContaining("Finance Share");
  }

  @Test
  void theLastDueTimeIsTheLatestCronTimeNotAfterNow() {
    CronExpression daily = CronExpression.parse("0 0 3 * * *");

    assertThat(BackupScheduler.lastDue(daily, Instant.parse("2030-01-02T02:59:59Z"), ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2030-01-01T03:00:00Z"));
    assertThat(BackupScheduler.lastDue(daily, Instant.parse("2030-01-02T03:00:00Z"), ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2030-01-02T03:00:00Z"));
    assertThat(BackupScheduler.lastDue(CronExpression.parse("0 0 3 1 1 *"), Instant.parse("2030-06-01T00:00:00Z"),
        ZoneOffset.UTC)).as("beyond the catch-up window").isNull();
  }

  @Test
  void theDemoProfileConfiguresARealCopyRestore() throws Exception {
    var sources = new org.springframework.boot.env.YamlPropertySourceLoader().load("demo",
        new org.springframework.core.io.ClassPathResource("application-demo.yml"));
    var binder = new org.springframework.boot.context.properties.bind.Binder(
        org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources));

    BackupProperties demo = binder.bind("sopflow.backup", BackupProperties.class).get();

    assertThat(demo.sets()).containsOnlyKeys("demo-share");
    assertThat(demo.zone()).as("the schedules' zone when none is configured").isEqualTo(java.time.ZoneOffset.UTC);
    BackupProperties.BackupSet set = demo.set("demo-share");
    assertThat(set.restoreCommandFor(set.backup(), Path.of("/tmp/r")))
        .containsExactly("cp", "-a", "./data/backups/demo-share/.", "/tmp/r");
    assertThat(set.schedule()).as("ad hoc only: the fault tests run on the demo profile").isNull();
    assertThat(binder.bind("sopflow.demo.backup-folder", String.class).get()).isEqualTo(set.backup());
  }

  private static BackupProperties.BackupSet set(List<String> command, String schedule) {
    return new BackupProperties.BackupSet("/srv/backup/finance", command, null, schedule, Duration.ofDays(1),
        Duration.ofMinutes(30), null, "support-l3");
  }
}
