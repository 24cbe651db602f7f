package io.sopflow.backup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.Delimiter;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * The backup sets whose restores SOPFlow tests ({@code sopflow.backup.sets.<name>.*}). Only what is configured here is
 * ever run: a request names a set, never a command or a path. A set name is a public contract (the configuration item
 * of the incidents it opens, scripts that start verifications), so it is kebab-case.
 *
 * <pre>
 * sopflow.backup.sets.finance-share.backup=/srv/backup/finance-share
 * sopflow.backup.sets.finance-share.restore-command=cp,-a,{backup}/.,{target}
 * sopflow.backup.sets.finance-share.manifest=MANIFEST.sha256      (default; relative = inside the restored tree)
 * sopflow.backup.sets.finance-share.schedule=0 30 3 * * SUN       (Spring cron; none = ad hoc only)
 * sopflow.backup.sets.finance-share.max-age=P1D                   (recovery point objective)
 * sopflow.backup.sets.finance-share.rto=PT4H                      (longest acceptable restore)
 * sopflow.backup.sets.finance-share.timeout=PT4H                  (restore command is killed then; default = rto)
 * sopflow.backup.sets.finance-share.owner-group=support-l3
 * sopflow.backup.zone=Europe/Berlin                              (the schedules' zone, default UTC)
 * </pre>
 *
 * <p>The schedules' zone is configured, never the node's own: every node must find the same due times, or two nodes in
 * two zones would each claim a run of their own.
 */
@Validated
@ConfigurationProperties("sopflow.backup")
public record BackupProperties(@Valid Map<String, BackupSet> sets, Path scratchDirectory, Integer outputLimit,
    Duration schedulerTick, ZoneId zone) {

  /** Kebab-case, as group ids are: safe in a URL, a file name and a configuration item. */
  public static final Pattern SET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  public static final String DEFAULT_MANIFEST = "MANIFEST.sha256";
  /** The longest captured restore output kept as evidence. */
  public static final int DEFAULT_OUTPUT_LIMIT = 4000;

  public BackupProperties {
    sets = sets == null ? Map.of() : Map.copyOf(new TreeMap<>(sets));
    for (String name : sets.keySet()) {
      if (!SET_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("sopflow.backup.sets: '" + name + "' is not a valid set name ("
            + SET_NAME.pattern() + ")");
      }
    }
    scratchDirectory = scratchDirectory == null ? Path.of(System.getProperty("java.io.tmpdir")) : scratchDirectory;
    outputLimit = outputLimit == null ? DEFAULT_OUTPUT_LIMIT : Math.max(200, Math.min(outputLimit,
        DEFAULT_OUTPUT_LIMIT));
    schedulerTick = schedulerTick == null || schedulerTick.isNegative() || schedulerTick.isZero()
        ? Duration.ofSeconds(30) : schedulerTick;
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  public boolean isConfigured(String name) {
    return name != null && sets.containsKey(name);
  }

  public BackupSet set(String name) {
    BackupSet set = sets.get(name);
    if (set == null) {
      throw new IllegalArgumentException("Backup set '" + name + "' is not configured");
    }
    return set;
  }

  /**
   * One backup set. The restore command is an argument list (one string is split at whitespace: use the list form for
   * arguments with spaces), run without a shell; {@code {backup}} and {@code {target}} are replaced in every argument
   * by the backup location and the fresh, empty scratch folder to restore into.
   */
  public record BackupSet(
      @NotBlank String backup,
      @Delimiter(" ") List<String> restoreCommand,
      String manifest,
      String schedule,
      @NotNull Duration maxAge,
      @NotNull Duration rto,
      Duration timeout,
      @NotBlank String ownerGroup) {

    public BackupSet {
      restoreCommand = restoreCommand == null ? List.of()
          : restoreCommand.stream().filter(w -> w != null && !w.isBlank()).map(String::strip).toList();
      if (restoreCommand.isEmpty()) {
        throw new IllegalArgumentException("A backup set needs a restore-command");
      }
      if (restoreCommand.stream().noneMatch(w -> w.contains(TARGET))) {
        throw new IllegalArgumentException("The restore-command must restore into " + TARGET + ": " + restoreCommand);
      }
      manifest = manifest == null || manifest.isBlank() ? DEFAULT_MANIFEST : manifest.strip();
      schedule = schedule == null || schedule.isBlank() ? null : schedule.strip();
      if (schedule != null && !CronExpression.isValidExpression(schedule)) {
        throw new IllegalArgumentException("schedule is not a valid cron expression (second minute hour day month "
            + "weekday): " + schedule);
      }
      requirePositive("max-age", maxAge);
      requirePositive("rto", rto);
      timeout = timeout == null ? rto : timeout;
      requirePositive("timeout", timeout);
      ownerGroup = ownerGroup == null ? null : ownerGroup.strip();
    }

    public static final String BACKUP = "{backup}";
    public static final String TARGET = "{target}";

    /** The command line for one restore, placeholders filled in. */
    public List<String> restoreCommandFor(String backupLocation, Path target) {
      return restoreCommand.stream()
          .map(w -> w.replace(BACKUP, backupLocation).replace(TARGET, target.toString())).toList();
    }

    /** The cron schedule, if the set has one. */
    public CronExpression cron() {
      return schedule == null ? null : CronExpression.parse(schedule);
    }

    private static void requirePositive(String name, Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException(name + " must be a positive duration: " + value);
      }
    }
  }
}
