#!/usr/bin/env bash
# Runs one SOPFlow fault run (io.sopflow.reliability.faults.FaultRun) against real node JVMs on a throw-away database
# of the MariaDB/MySQL server at 127.0.0.1:3306 (user root, no password). Prints its figures and a RESULT line; exits 0
# only if nothing was lost, duplicated or stuck. Logs: target/fault-runs/<scenario>-<time>/.
#   scripts/fault-run.sh node-kill [incidents]  |  db-restart [seconds]  |  smtp-down [incidents]
# Normally called through scripts/fault-node-kill.sh, fault-db-restart.sh, fault-smtp-down.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN_FLAGS=${MVN_FLAGS:--q -B}
mkdir -p target/fault-runs
if [ "${SKIP_BUILD:-}" != "1" ]; then
  # test-compile also writes target/runtime.classpath (pom.xml, execution runtime-classpath): the nodes' libraries
  # shellcheck disable=SC2086
  ./mvnw $MVN_FLAGS -DskipTests test-compile
  # shellcheck disable=SC2086
  ./mvnw $MVN_FLAGS dependency:build-classpath -DincludeScope=test -Dmdep.outputFile=target/fault-runs/test.classpath
fi
NODE_CP="target/classes:$(cat target/runtime.classpath)"
HARNESS_CP="target/test-classes:target/classes:$(cat target/fault-runs/test.classpath)"
exec java -Xmx512m -cp "$HARNESS_CP" -Dsopflow.fault.nodeClasspath="$NODE_CP" \
  ${FAULT_JAVA_OPTS:-} io.sopflow.reliability.faults.FaultRun "$@"
