package io.sopflow.sop.review;

import io.sopflow.sop.SopModels;
import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.IntegrationTestBase;
import io.sopflow.support.MariaDbDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The periodic review on a real MySQL-protocol server (MariaDB here, MySQL 8 in production): the 830 changesets, and
 * the unique keys that let one of two schedulers create an SOP's schedule and claim its due review (on MySQL the
 * loser's insert waits for the winner's transaction, then fails as a duplicate).
 */
@ActiveProfiles({"test", "mysql"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SopReviewMariaDbIntegrationTest extends IntegrationTestBase {

  private static MariaDbDatabase database;

  @Autowired SopReviewService service;
  @Autowired SopReviewProperties properties;
  @Autowired SopReviewScheduleRepository schedules;
  @Autowired SopModels models;
  @Autowired PlatformTransactionManager transactionManager;

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    database = MariaDbDatabase.create("sopflow_review_it");
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", () -> "root");
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.jpa.properties.hibernate.dialect", () -> "org.hibernate.dialect.MariaDBDialect");
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void twoSchedulersCreateEachScheduleAndStartEachDueReviewOnce() throws Exception {
    Instant now = ClockUtil.now().toInstant();
    assertThat(tickTogether(now)).as("schedules created, nothing due yet").isEmpty();
    List<String> keys = models.sopKeys();
    assertThat(schedules.findAll()).hasSameSizeAs(keys);

    Instant due = keys.stream().map(k -> service.nextReviewDue(k).orElseThrow()).max(Instant::compareTo)
        .orElseThrow().plus(Duration.ofMinutes(5));
    ClockUtil.setCurrentTime(Date.from(due));
    List<String> started = tickTogether(due);
    assertThat(started).containsExactlyInAnyOrderElementsOf(keys.stream()
        .map(k -> SopReview.keyOf(k, service.nextReviewDue(k).orElseThrow())).toList());
    assertThat(tickTogether(due.plusSeconds(30))).isEmpty();
    for (String key : started) {
      assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(key)
          .count()).as(key).isEqualTo(1);
    }
  }

  private List<String> tickTogether(Instant now) throws Exception {
    List<SopReviewScheduler> nodes = new ArrayList<>();
    for (String name : List.of("node-a", "node-b")) {
      nodes.add(new SopReviewScheduler(properties, service, schedules, models, transactionManager,
          Clock.fixed(now, ZoneOffset.UTC), name));
    }
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> started = new ArrayList<>();
    try {
      List<Future<List<String>>> ticks = new ArrayList<>();
      for (SopReviewScheduler node : nodes) {
        Callable<List<String>> tick = () -> {
          together.await();
          return node.runDue(now);
        };
        ticks.add(pool.submit(tick));
      }
      for (Future<List<String>> tick : ticks) {
        started.addAll(tick.get());
      }
    } finally {
      pool.shutdownNow();
    }
    return started;
  }
}
