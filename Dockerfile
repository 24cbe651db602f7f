# SOPFlow image: built from this repository (docker compose builds it; see README).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY processes processes
COPY forms forms
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 sopflow
WORKDIR /app
# The jar extracted, and a class-data sharing archive of the classes a start loads, made by this stage's own JVM:
# start-up 2-5 s faster (issue #24, docs/benchmarks.md step 20; the script says what the archive needs).
COPY --from=build /src/target/sopflow-*.jar /tmp/sopflow.jar
COPY scripts/cds-archive.sh /tmp/cds-archive.sh
RUN /tmp/cds-archive.sh /tmp/sopflow.jar /app && rm /tmp/sopflow.jar /tmp/cds-archive.sh
# The JVM options of every node (the JIT compilers' thresholds; the file says why).
COPY jvm.options /app/jvm.options
USER sopflow
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD wget -qO- http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/sopflow.jsa", "-jar", "/app/sopflow.jar"]
