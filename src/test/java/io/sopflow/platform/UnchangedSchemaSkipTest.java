package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.MariaDbDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link UnchangedSchemaSkip} with a real {@link SpringLiquibase} on a real database (H2 in memory; MariaDB where one
 * is reachable), called as Spring calls them. A small master shaped like SOPFlow's (src/test/resources/schema-skip)
 * includes the real fingerprint table. Whether Liquibase ran is read from the database: it creates its lock table
 * whenever it runs, so each second start begins with that table dropped.
 */
class UnchangedSchemaSkipTest {

  static final String CHANGE_LOG = "classpath:schema-skip/changelog.xml";
  static final List<String> PATTERNS =
      List.of("classpath*:schema-skip/**", "classpath*:db/changelog/domain/890-schema-fingerprint.xml");
  static final ClassLoader RELEASE_1 = UnchangedSchemaSkipTest.class.getClassLoader();

  final UnchangedSchemaSkip skip = new UnchangedSchemaSkip(true, PATTERNS);
  final DataSource h2 =
      new DriverManagerDataSource("jdbc:h2:mem:skip-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  DataSource dataSource = h2;

  @AfterEach
  void dropH2() {
    new JdbcTemplate(h2).execute("SHUTDOWN");
  }

  @Test
  void firstStartMigratesAndStoresTheFingerprintAfterTheUpdate() throws Exception {
    SpringLiquibase liquibase = start(skip, RELEASE_1);

    assertThat(exists("skip_probe")).isTrue();
    assertThat(storedFingerprint()).hasSize(64).isEqualTo(skip.fingerprintOf(liquibase));
    assertThat(jdbc().queryForObject("select change_sets from sopflow_schema_state", Long.class))
        .isEqualTo(jdbc().queryForObject("select count(*) from DATABASECHANGELOG", Long.class)).isEqualTo(2);
  }

  @Test
  void secondStartWithTheSameChangeLogsSkipsLiquibase() throws Exception {
    start(skip, RELEASE_1);
    Timestamp migratedAt = jdbc().queryForObject("select migrated_at from sopflow_schema_state", Timestamp.class);
    String fingerprint = storedFingerprint();
    dropLiquibaseLock();

    start(skip, RELEASE_1);

    assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran").isFalse();
    assertThat(storedFingerprint()).isEqualTo(fingerprint);
    assertThat(jdbc().queryForObject("select migrated_at from sopflow_schema_state", Timestamp.class))
        .isEqualTo(migratedAt);
  }

  @Test
  void aNewChangeLogInTheNextReleaseRunsLiquibaseAndStoresItsFingerprint(@TempDir Path release) throws Exception {
    String first = skip.fingerprintOf(start(skip, RELEASE_1));
    Path change = release.resolve("schema-skip/changes/002-probe.xml");
    Files.createDirectories(change.getParent());
    Files.writeString(change, Files.readString(Path.of(RELEASE_1.getResource("schema-skip/changes/001-probe.xml")
        .toURI())).replace("001-probe", "002-probe").replace("skip_probe", "skip_probe_2"));
    try (URLClassLoader release2 = new URLClassLoader(new URL[] {release.toUri().toURL()}, RELEASE_1)) {
      dropLiquibaseLock();

      SpringLiquibase liquibase = start(skip, release2);

      assertThat(exists("skip_probe_2")).isTrue();
      assertThat(storedFingerprint()).isEqualTo(skip.fingerprintOf(liquibase)).isNotEqualTo(first);

      dropLiquibaseLock();
      start(skip, release2);
      assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran at the release's second start").isFalse();
    }
  }

  @Test
  void aDifferentStoredFingerprintRunsLiquibaseAndIsOverwritten() throws Exception {
    SpringLiquibase liquibase = start(skip, RELEASE_1);
    jdbc().update("update sopflow_schema_state set fingerprint = ?", "0".repeat(64));
    dropLiquibaseLock();

    start(skip, RELEASE_1);

    assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran").isTrue();
    assertThat(storedFingerprint()).isEqualTo(skip.fingerprintOf(liquibase));
  }

  @Test
  void aChangeSetRolledBackBehindSopflowsBackIsMigratedAgain() throws Exception {
    start(skip, RELEASE_1);
    // What "liquibase rollback-count 1" does: the change undone and its history row deleted; the fingerprint stays.
    jdbc().execute("drop table skip_probe");
    jdbc().update("delete from DATABASECHANGELOG where ID = '001-probe'");

    start(skip, RELEASE_1);

    assertThat(exists("skip_probe")).isTrue();
  }

  @Test
  void noFingerprintRowOrTableRunsLiquibase() throws Exception {
    start(skip, RELEASE_1);
    jdbc().update("delete from sopflow_schema_state");
    dropLiquibaseLock();

    SpringLiquibase liquibase = start(skip, RELEASE_1);

    assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran without a row").isTrue();
    assertThat(storedFingerprint()).isEqualTo(skip.fingerprintOf(liquibase));

    jdbc().execute("drop table sopflow_schema_state");
    dropLiquibaseLock();

    start(skip, RELEASE_1);

    assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran without the table").isTrue();
  }

  @Test
  void skipUnchangedFalseAlwaysRunsLiquibaseAndStillStoresTheFingerprint() throws Exception {
    UnchangedSchemaSkip off = new UnchangedSchemaSkip(false, PATTERNS);
    start(off, RELEASE_1);
    dropLiquibaseLock();

    SpringLiquibase liquibase = start(off, RELEASE_1);

    assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran").isTrue();
    assertThat(storedFingerprint()).isEqualTo(skip.fingerprintOf(liquibase));
    dropLiquibaseLock();
    start(skip, RELEASE_1);
    assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran once the skip is back on").isFalse();
  }

  @Test
  void skipsOnMariaDbToo() throws Exception {
    try (MariaDbDatabase mariaDb = MariaDbDatabase.create("sopflow_schema_skip")) {
      dataSource = new DriverManagerDataSource(mariaDb.jdbcUrl(), "root", "");
      SpringLiquibase liquibase = start(skip, RELEASE_1);
      assertThat(storedFingerprint()).isEqualTo(skip.fingerprintOf(liquibase));
      dropLiquibaseLock();

      start(skip, RELEASE_1);

      assertThat(exists("DATABASECHANGELOGLOCK")).as("Liquibase ran").isFalse();
    }
  }

  @Test
  void fingerprintCoversEveryPathAndByteButNotWhereTheFilesLie(@TempDir Path a, @TempDir Path b) throws Exception {
    for (Path root : List.of(a, b)) {
      Files.createDirectories(root.resolve("changes/sub"));
      Files.writeString(root.resolve("changes/master.xml"), "<databaseChangeLog/>");
      Files.writeString(root.resolve("changes/sub/create.sql"), "create table t (id int);");
    }
    List<String> patterns = List.of("classpath*:changes/**");
    List<String> settings = List.of("liquibase 4.31.1", "contexts null");
    String fingerprint = UnchangedSchemaSkip.fingerprint(resolver(a), patterns, settings);

    assertThat(UnchangedSchemaSkip.fingerprint(resolver(b), patterns, settings)).isEqualTo(fingerprint);
    assertThat(UnchangedSchemaSkip.fingerprint(resolver(b), patterns, List.of("liquibase 4.31.2", "contexts null")))
        .isNotEqualTo(fingerprint);

    Files.writeString(b.resolve("changes/sub/create.sql"), "create table t (id inT);");
    assertThat(UnchangedSchemaSkip.fingerprint(resolver(b), patterns, settings)).isNotEqualTo(fingerprint);

    Files.writeString(b.resolve("changes/sub/create.sql"), "create table t (id int);");
    Files.move(b.resolve("changes/sub/create.sql"), b.resolve("changes/sub/create2.sql"));
    assertThat(UnchangedSchemaSkip.fingerprint(resolver(b), patterns, settings)).isNotEqualTo(fingerprint);
  }

  @Test
  void sopflowsFingerprintCoversItsChangeLogsAndEveryFileCamundasChangeLogRuns() throws Exception {
    var resolver = new PathMatchingResourcePatternResolver();
    List<String> paths = UnchangedSchemaSkip.files(resolver, UnchangedSchemaSkip.CHANGELOG_RESOURCES).stream()
        .map(UnchangedSchemaSkip.ChangeLogFile::path).toList();

    assertThat(paths).isSorted().doesNotHaveDuplicates().noneMatch(path -> path.endsWith("/"))
        .contains("db/changelog/db.changelog-master.xml", "db/changelog/domain/890-schema-fingerprint.xml",
            "org/camunda/bpm/engine/db/liquibase/camunda-changelog.xml");
    String camunda = resolver.getResource("classpath:org/camunda/bpm/engine/db/liquibase/camunda-changelog.xml")
        .getContentAsString(StandardCharsets.UTF_8);
    List<String> sqlFiles = Pattern.compile("path=\"([^\"]+)\"").matcher(camunda).results()
        .map(match -> "org/camunda/bpm/engine/db/liquibase/" + match.group(1)).toList();
    assertThat(sqlFiles).hasSizeGreaterThan(10);
    for (String database : List.of("h2", "mysql")) {
      assertThat(paths).containsAll(sqlFiles.stream().map(path -> path.replace("${db.name}", database)).toList());
    }
  }

  /** Spring's calls around the bean's initialisation: post-processors before, its update, post-processors after. */
  private SpringLiquibase start(UnchangedSchemaSkip processor, ClassLoader classpath) throws Exception {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setBeanName("liquibase");
    liquibase.setDataSource(dataSource);
    liquibase.setChangeLog(CHANGE_LOG);
    liquibase.setResourceLoader(new DefaultResourceLoader(classpath));
    liquibase.setAnalyticsEnabled(false);
    processor.postProcessBeforeInitialization(liquibase, "liquibase");
    liquibase.afterPropertiesSet();
    processor.postProcessAfterInitialization(liquibase, "liquibase");
    return liquibase;
  }

  private static ResourcePatternResolver resolver(Path classpathRoot) throws Exception {
    return new PathMatchingResourcePatternResolver(new URLClassLoader(new URL[] {classpathRoot.toUri().toURL()}, null));
  }

  private JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  private String storedFingerprint() {
    return jdbc().queryForObject("select fingerprint from sopflow_schema_state where id = 1", String.class);
  }

  private void dropLiquibaseLock() {
    jdbc().execute("drop table DATABASECHANGELOGLOCK");
  }

  private boolean exists(String table) {
    try {
      jdbc().queryForObject("select count(*) from " + table, Long.class);
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }
}
