#!/bin/bash
# Start-up cost of SOPFlow on MariaDB that does not depend on the machine's load (issue #24, docs/benchmarks.md):
# starts SOPFlow (profiles demo,mysql) on the given database, waits for /actuator/health UP, prints the wall time and
# the CPU time the JVM has used by then (all threads, /proc/<pid>/stat), and stops it. Extra arguments go to SOPFlow,
# e.g. --spring.jpa.hibernate.ddl-auto=none. The first run on an empty database creates the schema; later runs measure
# a restart on it.
#
#   ./mvnw -o -q -DskipTests package       # also writes target/runtime.classpath, the libraries SOPFlow runs with
#   scripts/startup-cpu.sh sopflow_startup                       # (database must exist)
#   scripts/startup-cpu.sh sopflow_startup --spring.liquibase.enabled=false
# The JVM gets the nodes' options (jvm.options, as in the image). JVM_OPTS adds or overrides JVM options, e.g. a
# profiler for one start (issue #24 step 26; then java src/bench/java/io/sopflow/bench/StartupProfile.java
# /tmp/start.collapsed 10):
#   JVM_OPTS="-agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=cpu,interval=10ms,threads,file=/tmp/start.collapsed" \
#     scripts/startup-cpu.sh sopflow_startup
# KEEP_LOG=<file> keeps SOPFlow's log of the start.
# Statements too (issue #24, start-up): STATEMENTS=<file> adds the harness's StatementCounter (compiled into
# COUNTER_CLASSES, e.g. javac -d /tmp/counter -cp <mysql-connector-j.jar> src/bench/java/io/sopflow/bench/jdbc/*.java)
# to the JDBC URL; it writes its counts (threadGroup|verb|table=n) to that file, read here once health is UP.
set -euo pipefail
db=$1; shift
cd "$(dirname "$0")/.."
classes=${CLASSES:-target/classes}
port=$((20000 + RANDOM % 20000))
log=$(mktemp /tmp/sopflow-startup-XXXX.log)
counter_cp= counter_jvm= counter_url=
if [ -n "${STATEMENTS:-}" ]; then
  rm -f "$STATEMENTS"
  counter_cp=":$COUNTER_CLASSES" counter_jvm="-Dbench.statements.file=$STATEMENTS"
  counter_url="&queryInterceptors=io.sopflow.bench.jdbc.StatementCounter"
fi
start=$(date +%s%N)
java -Xmx1g -XX:+UseG1GC @jvm.options ${JVM_OPTS:-} $counter_jvm -cp "$classes:$(cat target/runtime.classpath)$counter_cp" io.sopflow.SopFlowApplication \
  --spring.profiles.active=demo,mysql --server.port=$port --spring.mail.host= \
  "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/$db?sendFractionalSeconds=false&nullCatalogMeansCurrent=true&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true$counter_url" \
  --spring.datasource.username=root --spring.datasource.password= \
  --spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect "$@" > "$log" 2>&1 &
pid=$!
until curl -s "http://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"'; do
  kill -0 $pid 2>/dev/null || { echo "SOPFlow exited during start-up; see $log"; exit 1; }
  sleep 0.1
done
end=$(date +%s%N)
read -r -a stat <<< "$(sed 's/.*) //' /proc/$pid/stat)"
# After "pid (comm) ": utime and stime are the 12th and 13th fields, in clock ticks of 10 ms.
echo "wall $(( (end - start) / 1000000 )) ms, cpu $(( (stat[11] + stat[12]) * 10 )) ms ($*)"
if [ -n "${STATEMENTS:-}" ]; then
  sleep 0.5   # the counter writes its file every 200 ms
  awk -F'[|=]' 'NF == 4 { all += $4; verb[$2] += $4 }
    END { printf "statements %d:", all; for (v in verb) printf " %s %d", v, verb[v]; print "" }' "$STATEMENTS"
fi
kill $pid
wait $pid 2>/dev/null || true
[ -n "${KEEP_LOG:-}" ] && cp "$log" "$KEEP_LOG"; rm -f "$log"
