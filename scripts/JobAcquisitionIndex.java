import java.sql.*;
import java.util.*;

/**
 * Issue #24, step 10 (docs/benchmarks.md): the engine's job acquisition query (Camunda 7.24's selectNextJobsToExecute
 * as SOPFlow configures it: acquire by due date, deployment aware, exclusive jobs) on a table of 43,000 timer jobs of
 * which 3,000 are due, timed and explained without and with an index on ACT_RU_JOB(DUEDATE_). It creates its own
 * ACT_RU_JOB (the columns the query reads) in the database it is given; use a scratch database.
 *
 * <pre>
 * java -cp ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar scripts/JobAcquisitionIndex.java jdbc:h2:mem:acq
 * mysql -uroot -h127.0.0.1 -e 'create database acq_exp'
 * java -cp ~/.m2/repository/com/mysql/mysql-connector-j/9.4.0/mysql-connector-j-9.4.0.jar \
 *     scripts/JobAcquisitionIndex.java 'jdbc:mysql://127.0.0.1:3306/acq_exp?user=root&password=' root
 * </pre>
 */
public class JobAcquisitionIndex {
  static final String Q = """
      select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_
      from ACT_RU_JOB RES
      where (RES.RETRIES_ > 0)
        and (RES.DUEDATE_ is null or RES.DUEDATE_ <= ?)
        and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < ?)
        and RES.SUSPENSION_STATE_ = 1
        and (RES.DEPLOYMENT_ID_ is null or RES.DEPLOYMENT_ID_ in ('d1'))
        and ((RES.EXCLUSIVE_ = TRUE and not exists(select J2.ID_ from ACT_RU_JOB J2
              where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = TRUE)
              and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= ?)))
          or RES.EXCLUSIVE_ = FALSE)
      order by RES.DUEDATE_ asc
      LIMIT 3 OFFSET 0""";

  public static void main(String[] a) throws Exception {
    String url = a[0];
    try (Connection c = DriverManager.getConnection(url, a.length > 1 ? a[1] : "sa", "")) {
      Statement s = c.createStatement();
      s.execute("drop table if exists ACT_RU_JOB");
      s.execute("""
          create table ACT_RU_JOB (ID_ varchar(64) NOT NULL, REV_ integer, TYPE_ varchar(255) NOT NULL,
            LOCK_EXP_TIME_ timestamp NULL, LOCK_OWNER_ varchar(255), EXCLUSIVE_ boolean, EXECUTION_ID_ varchar(64),
            ROOT_PROC_INST_ID_ varchar(64), PROCESS_INSTANCE_ID_ varchar(64), RETRIES_ integer, DUEDATE_ timestamp NULL,
            HANDLER_TYPE_ varchar(255), DEPLOYMENT_ID_ varchar(64), SUSPENSION_STATE_ integer NOT NULL DEFAULT 1,
            PRIORITY_ bigint NOT NULL DEFAULT 0, primary key (ID_))""");
      s.execute("create index ACT_IDX_JOB_PROCINST on ACT_RU_JOB(PROCESS_INSTANCE_ID_)");
      PreparedStatement ins = c.prepareStatement("insert into ACT_RU_JOB (ID_, REV_, TYPE_, EXCLUSIVE_, PROCESS_INSTANCE_ID_,"
          + " RETRIES_, DUEDATE_, HANDLER_TYPE_, DEPLOYMENT_ID_, SUSPENSION_STATE_) values (?,1,'timer',TRUE,?,3,?,'timer','d1',?)");
      long now = System.currentTimeMillis();
      Random r = new Random(1);
      c.setAutoCommit(false);
      for (int i = 0; i < 43000; i++) {
        ins.setString(1, UUID.randomUUID().toString());
        ins.setString(2, "pi" + (i % 8000));
        boolean due = i % 14 == 0 && i / 14 < 3000;
        ins.setTimestamp(3, new Timestamp(due ? now - 1000 - r.nextInt(100000) : now + 3600_000L + r.nextInt(86400_000)));
        ins.setInt(4, 1);
        ins.addBatch();
        if (i % 1000 == 999) ins.executeBatch();
      }
      ins.executeBatch();
      c.commit();
      c.setAutoCommit(true);
      run(c, "no index");
      s.execute("create index SOPFLOW_IDX_JOB_DUEDATE on ACT_RU_JOB(DUEDATE_)");
      if (url.contains("mysql") || url.contains("mariadb")) s.execute("analyze table ACT_RU_JOB");
      run(c, "index on DUEDATE_");
    }
  }

  static void run(Connection c, String label) throws Exception {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    PreparedStatement p = c.prepareStatement(Q);
    for (int i = 1; i <= 3; i++) p.setTimestamp(i, now);
    for (int i = 0; i < 50; i++) try (ResultSet rs = p.executeQuery()) { while (rs.next()) { } }
    long t = System.nanoTime();
    int n = 200;
    for (int i = 0; i < n; i++) {
      Timestamp t2 = new Timestamp(now.getTime() + i);
      for (int k = 1; k <= 3; k++) p.setTimestamp(k, t2);
      try (ResultSet rs = p.executeQuery()) { while (rs.next()) { } }
    }
    System.out.printf("%s: %.2f ms per acquisition%n", label, (System.nanoTime() - t) / 1e6 / n);
    PreparedStatement e = c.prepareStatement("explain " + Q);
    for (int i = 1; i <= 3; i++) e.setTimestamp(i, now);
    try (ResultSet rs = e.executeQuery()) {
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder("  ");
        for (int i = 1; i <= cols; i++) b.append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i)).append(' ');
        String line = b.toString().replaceAll("\\s+", " "); System.out.println(line.substring(0, Math.min(400, line.length())));
      }
    }
  }
}
