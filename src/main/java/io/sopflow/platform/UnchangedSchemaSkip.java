package io.sopflow.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import liquibase.integration.commandline.LiquibaseCommandLineConfiguration;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.util.LiquibaseUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.stereotype.Component;

/**
 * Skips Liquibase at a start on a schema it already brought up to date with exactly these change logs (issue #24:
 * parsing the engine's and SOPFlow's XML change logs only to find nothing to do was about 2 s of every start).
 *
 * <p>After every successful update a SHA-256 fingerprint is stored in {@value #TABLE}
 * (890-schema-fingerprint.xml): every byte and path of every resource the master change log can reach (ours under
 * {@code db/changelog/}, Camunda's with its SQL files under {@code org/camunda/bpm/engine/db/liquibase/}), the
 * Liquibase version and the bean's change log, contexts, labels and tag; with it the number of change sets in
 * Liquibase's own history. A start whose fingerprint and history count equal the stored ones has nothing to migrate,
 * so Liquibase is not run. Anything else — no table or row yet (the first start, a database older than this class),
 * any SQL error, a new change log, a Liquibase rollback, {@code sopflow.schema.skip-unchanged=false}, or settings whose
 * point is to run ({@code drop-first}, {@code clear-checksums}, {@code test-rollback-on-update}) — runs it as before.
 * A restored backup carries the fingerprint of its own schema. Hibernate's {@code ddl-auto: validate} still checks
 * the domain tables at every start.
 *
 * <p>Runs after {@link StartupLock}, so that on MySQL/MariaDB the fingerprint is read and written while this node
 * holds the start-up lock: Spring applies ordered post-processors (the lock is one, as a
 * {@code SmartApplicationListener}) before unordered ones like this; {@code StartupSetupIntegrationTest} checks it.
 */
@Component
class UnchangedSchemaSkip implements BeanPostProcessor {

  static final String TABLE = "sopflow_schema_state";
  static final List<String> CHANGELOG_RESOURCES =
      List.of("classpath*:db/changelog/**", "classpath*:org/camunda/bpm/engine/db/liquibase/**");

  private static final Logger log = LoggerFactory.getLogger(UnchangedSchemaSkip.class);

  private final boolean enabled;
  private final List<String> resourcePatterns;
  /** Fingerprints of the Liquibase beans that run now, to be stored once their update has succeeded. */
  private final Map<String, String> pending = new ConcurrentHashMap<>();

  @Autowired
  UnchangedSchemaSkip(@Value("${sopflow.schema.skip-unchanged:true}") boolean enabled) {
    this(enabled, CHANGELOG_RESOURCES);
  }

  UnchangedSchemaSkip(boolean enabled, List<String> resourcePatterns) {
    this.enabled = enabled;
    this.resourcePatterns = List.copyOf(resourcePatterns);
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof SpringLiquibase liquibase && runsAnUpdate(liquibase)) {
      long started = System.nanoTime();
      String fingerprint;
      try {
        fingerprint = fingerprintOf(liquibase);
      } catch (UncheckedIOException e) {
        log.warn("Could not fingerprint the change logs (Liquibase runs, and reads them itself): {}", e.getMessage());
        return bean;
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (enabled && upToDate(liquibase, fingerprint)) {
        liquibase.setShouldRun(false);
        log.info("Schema up to date (change log fingerprint {} unchanged, computed in {} ms): Liquibase skipped",
            fingerprint.substring(0, 12), millis);
      } else {
        log.debug("Liquibase runs; change log fingerprint {} computed in {} ms", fingerprint.substring(0, 12), millis);
        pending.put(beanName, fingerprint);
      }
    }
    return bean;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    String fingerprint = pending.remove(beanName);
    if (fingerprint != null && bean instanceof SpringLiquibase liquibase) {
      store(liquibase, fingerprint);
    }
    return bean;
  }

  /** This bean's fingerprint of the change logs and settings {@code liquibase} runs with. */
  String fingerprintOf(SpringLiquibase liquibase) {
    List<String> settings = List.of("liquibase " + LiquibaseUtil.getBuildVersion(),
        "changeLog " + liquibase.getChangeLog(), "contexts " + liquibase.getContexts(),
        "labels " + liquibase.getLabelFilter(), "tag " + liquibase.getTag());
    return fingerprint(ResourcePatternUtils.getResourcePatternResolver(liquibase.getResourceLoader()), resourcePatterns,
        settings);
  }

  /** SHA-256 (hex) over the path and bytes of every file the patterns match, in path order, then the settings. */
  static String fingerprint(ResourcePatternResolver resolver, List<String> patterns, List<String> settings) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ChangeLogFile file : files(resolver, patterns)) {
        byte[] content = file.resource().getContentAsByteArray();
        digest.update(text(file.path()));
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
        digest.update(content);
      }
      for (String setting : settings) {
        digest.update(text(setting));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the Liquibase change logs " + patterns, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The files (not folders) the patterns match, sorted by their path from the pattern's root on: a fat jar and an
   * IDE's classes folder give the same paths.
   */
  static List<ChangeLogFile> files(ResourcePatternResolver resolver, List<String> patterns) throws IOException {
    List<ChangeLogFile> files = new ArrayList<>();
    for (String pattern : patterns) {
      String root = "/" + root(pattern);
      for (Resource resource : resolver.getResources(pattern)) {
        String url = resource.getURL().toString();
        if (!url.endsWith("/") && resource.isReadable()) {
          files.add(new ChangeLogFile(url.substring(url.lastIndexOf(root) + 1), url, resource));
        }
      }
    }
    files.sort(Comparator.comparing(ChangeLogFile::path).thenComparing(ChangeLogFile::url));
    return files;
  }

  /** The pattern's fixed part: {@code db/changelog/} of {@code classpath*:db/changelog/**}. */
  private static String root(String pattern) {
    String path = pattern.substring(pattern.indexOf(':') + 1);
    int wildcard = path.indexOf('*');
    return wildcard < 0 ? path : path.substring(0, wildcard);
  }

  /** Whether Liquibase is about to update the schema, and nothing but that. */
  private static boolean runsAnUpdate(SpringLiquibase liquibase) {
    return !liquibase.isDropFirst() && !liquibase.isClearCheckSums() && !liquibase.isTestRollbackOnUpdate()
        && LiquibaseCommandLineConfiguration.SHOULD_RUN.getCurrentValue();
  }

  /**
   * Whether the last successful update stored this fingerprint and Liquibase's history still has the change sets it
   * had then. No table or row, or any SQL error, is "unknown": not up to date.
   */
  private static boolean upToDate(SpringLiquibase liquibase, String fingerprint) {
    try (Connection connection = liquibase.getDataSource().getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT fingerprint, change_sets, (SELECT COUNT(*) FROM "
            + history(liquibase) + ") FROM " + table(liquibase) + " WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      return row.next() && fingerprint.equals(row.getString(1)) && row.getLong(2) == row.getLong(3);
    } catch (SQLException e) {
      log.debug("No schema fingerprint to compare ({}): Liquibase runs", e.getMessage());
      return false;
    }
  }

  /** Stores the fingerprint of the update that just succeeded, committed at once; a failure costs the next skip. */
  private static void store(SpringLiquibase liquibase, String fingerprint) {
    try (Connection connection = liquibase.getDataSource().getConnection()) {
      connection.setAutoCommit(true);
      long changeSets;
      try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + history(liquibase));
          ResultSet row = count.executeQuery()) {
        row.next();
        changeSets = row.getLong(1);
      }
      LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
      if (write(connection, "UPDATE " + table(liquibase) + " SET fingerprint = ?, change_sets = ?, migrated_at = ?"
          + " WHERE id = 1", fingerprint, changeSets, now) == 0) {
        write(connection, "INSERT INTO " + table(liquibase) + " (fingerprint, change_sets, migrated_at, id)"
            + " VALUES (?, ?, ?, 1)", fingerprint, changeSets, now);
      }
    } catch (SQLException e) {
      log.warn("Could not store the schema fingerprint (the next start runs Liquibase again): {}", e.getMessage());
    }
  }

  private static int write(Connection connection, String sql, String fingerprint, long changeSets, LocalDateTime at)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, fingerprint);
      statement.setLong(2, changeSets);
      statement.setObject(3, at);
      return statement.executeUpdate();
    }
  }

  /** Liquibase's own history of the change sets it ran. */
  private static String history(SpringLiquibase liquibase) {
    // Liquibase keeps its history in its own schema if one is set, else in the default schema.
    String schema = liquibase.getLiquibaseSchema() == null || liquibase.getLiquibaseSchema().isBlank()
        ? liquibase.getDefaultSchema() : liquibase.getLiquibaseSchema();
    return qualified(schema, Objects.requireNonNullElse(liquibase.getDatabaseChangeLogTable(), "DATABASECHANGELOG"));
  }

  private static String table(SpringLiquibase liquibase) {
    return qualified(liquibase.getDefaultSchema(), TABLE);
  }

  private static String qualified(String schema, String table) {
    return schema == null || schema.isBlank() ? table : schema + "." + table;
  }

  private static byte[] text(String value) {
    return (value + '\0').getBytes(StandardCharsets.UTF_8);
  }

  record ChangeLogFile(String path, String url, Resource resource) {}
}
