#!/usr/bin/env bash
# Extracts the SOPFlow jar for class-data sharing and writes the archive (issue #24, start-up; the Dockerfile runs this):
#
#   scripts/cds-archive.sh target/sopflow-<version>.jar /app     -> /app/sopflow.jar, /app/lib/, /app/sopflow.jsa
#   java -XX:SharedArchiveFile=/app/sopflow.jsa -jar /app/sopflow.jar ...   (start-up 2-5 s faster)
#
# The training run starts SOPFlow on a throw-away in-memory database with a random admin password, stops as soon as its
# Spring context is refreshed, and the JVM archives every class it loaded. The archive is valid only for this JVM and
# these jars: make it again with every build, with the JVM that runs it (the image's runtime stage). The training heap
# is fixed (-Xmx512m) so that the archive does not depend on the build machine's memory: it serves every heap below
# 32 GB (a larger one switches compressed object pointers off, and the JVM starts without the archive). The script
# checks that the archive is usable (-Xshare:on) before it ends. A JVM that cannot use it starts without it, slower.
set -euo pipefail
jar=$1 dest=$2
mkdir -p "$dest"
rm -rf "$dest/lib" "$dest/sopflow.jar" "$dest/sopflow.jsa"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --destination "$work/app"
cp -r "$work/app/lib" "$dest/"
cp "$work"/app/*.jar "$dest/sopflow.jar"
SOPFLOW_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64) \
java -Xmx512m -XX:ArchiveClassesAtExit="$dest/sopflow.jsa" \
  -Dspring.context.exit=onRefresh -jar "$dest/sopflow.jar" \
  --spring.datasource.url='jdbc:h2:mem:cds-training;DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE' --spring.mail.host= \
  --server.port=0 --logging.level.root=WARN > "$work/training.log" 2>&1 \
  || { cat "$work/training.log"; echo "cds-archive: the training run failed" >&2; exit 1; }
test -s "$dest/sopflow.jsa" || { cat "$work/training.log"; echo "cds-archive: no archive written" >&2; exit 1; }
# The JVM checks the archive against the class path (the jar and its manifest's lib/ entries) when it starts.
java -Xshare:on -XX:SharedArchiveFile="$dest/sopflow.jsa" -cp "$dest/sopflow.jar" -version > "$work/check.log" 2>&1 \
  || { cat "$work/check.log"; echo "cds-archive: the archive is not usable with these jars" >&2; exit 1; }
echo "cds-archive: $dest/sopflow.jar, $dest/lib/ and $dest/sopflow.jsa ($(du -m "$dest/sopflow.jsa" | cut -f1) MB)"
