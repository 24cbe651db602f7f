package io.sopflow.support;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A first request that has written and is still in its transaction, for a race with a second request that must not
 * depend on timing: {@code work} runs as {@code user} (the service call a request would make, in a transaction of its
 * own on another thread); {@link #awaitWritten} waits until it has returned inside its open transaction, and
 * {@link #commit} lets the transaction commit. A second request started in between meets the first exactly where a
 * request of another node would meet it; {@link #awaitWaitingOrAnswered} then waits until the second one either waits
 * for a row lock the first holds or has answered, whichever it does, before the first commits.
 */
public final class HeldTransaction<T> implements AutoCloseable {

  private static final long SECONDS = 60;

  private final CountDownLatch written = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Future<T> outcome;
  private volatile T result;

  private HeldTransaction(PlatformTransactionManager transactionManager, String user, List<String> groups,
      Supplier<T> work) {
    outcome = thread.submit(() -> {
      SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user,
          null, groups.stream().map(g -> new SimpleGrantedAuthority("GROUP_" + g)).toList()));
      try {
        return new TransactionTemplate(transactionManager).execute(status -> {
          result = work.get();
          written.countDown();
          try {
            release.await(SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return result;
        });
      } finally {
        written.countDown(); // also when the work failed: awaitWritten reports why
        SecurityContextHolder.clearContext();
      }
    });
  }

  /** Runs {@code work} as {@code user} (in {@code groups}) in a transaction that stays open until {@link #commit}. */
  public static <T> HeldTransaction<T> start(PlatformTransactionManager transactionManager, String user,
      List<String> groups, Supplier<T> work) {
    return new HeldTransaction<>(transactionManager, user, groups, work);
  }

  /** What {@code work} returned, once it has (its transaction still open). */
  public T awaitWritten() throws Exception {
    if (!written.await(SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the first request did not write within " + SECONDS + " s");
    }
    if (result == null) {
      outcome.get(SECONDS, TimeUnit.SECONDS); // the work failed: this throws its exception
    }
    return result;
  }

  /** Lets the transaction commit and waits for it. */
  public T commit() throws Exception {
    release.countDown();
    return outcome.get(SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    release.countDown();
    thread.shutdown();
  }

  /**
   * Waits until a statement of another session that matches {@code statementLike} (SQL {@code LIKE}, lower case)
   * waits for a row lock, or until {@code request} has answered. Both databases are asked which statement another
   * session is executing (H2 {@code information_schema.sessions}, MySQL/MariaDB {@code processlist}), not for a lock
   * wait as such: MariaDB 10.11 lists a transaction that has written nothing yet, such as one whose
   * {@code SELECT ... FOR UPDATE} waits, neither in {@code innodb_trx} nor in {@code innodb_lock_waits}. A statement
   * that needs a row the first request holds cannot finish before it commits, so executing it is waiting.
   */
  public static void awaitWaitingOrAnswered(DataSource dataSource, String statementLike, Future<?> request) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    boolean h2 = Boolean.TRUE.equals(jdbc.execute((Connection c) ->
        c.getMetaData().getDatabaseProductName().equals("H2")));
    String waiting = h2
        ? "select count(*) from information_schema.sessions where session_id <> session_id()"
            + " and lower(executing_statement) like ?"
        : "select count(*) from information_schema.processlist where id <> connection_id()"
            + " and command = 'Query' and lower(info) like ?";
    await().atMost(SECONDS, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() ->
        request.isDone() || jdbc.queryForObject(waiting, Integer.class, statementLike) > 0);
  }
}
