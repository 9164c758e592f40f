# Build stage: compiles and packages the Boot jar, then splits it into layers so that a code
# change rebuilds only the small application layer of the runtime image.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY pom.xml .
# The JVM flags Error Prone (NullAway) needs to run inside javac.
COPY .mvn ./.mvn
RUN mvn -B -q dependency:go-offline -Dspotless.check.skip=true
COPY src ./src
# Tests need PostgreSQL and run in CI (`mvn verify`), not in the image build.
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true \
 && java -Djarmode=tools -jar target/downtime-receiver-*.jar extract --layers --launcher --destination /build/layers

FROM eclipse-temurin:25-jre
# The 25 images ship no curl (nor wget), which the HEALTHCHECK below needs.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 receiver \
 && useradd --system --uid 10001 --gid receiver --home-dir /app --shell /usr/sbin/nologin receiver \
 && install -d -o receiver -g receiver -m 0750 /app/data
# The app's code stays root-owned; only data/ (its local state, e.g. the notification spool,
# receiver.spool.directory = data/spool) is writable. docker-compose.yml keeps it on a volume.
WORKDIR /app
COPY --from=build /build/layers/dependencies/ ./
COPY --from=build /build/layers/spring-boot-loader/ ./
COPY --from=build /build/layers/snapshot-dependencies/ ./
COPY --from=build /build/layers/application/ ./
USER 10001:10001
EXPOSE 8080
# Readiness, not liveness: the container is healthy once it can answer Monitor correctly. The
# port follows MANAGEMENT_SERVER_PORT / SERVER_PORT when they are set, as the actuator does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://localhost:${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}/actuator/health/readiness" || exit 1
# The heap takes 35% of the container's memory: the rest is what the JVM needs besides (classes of
# Spring, Hibernate and Modulith, JIT code, threads, malloc: about 280 MiB measured). In a 512 MiB
# container (the JVM then picks the Serial collector) 45% was killed by the kernel under load;
# 35% stays within it through a whole bench run (bench/run.sh --memory-limit, bench/PERFORMANCE.md).
# Arguments given to `docker run` follow it: `docker run --rm <image> check <endpoint-url>` runs the
# contract check instead of the service (see docs/contract-check.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=35", "org.springframework.boot.loader.launch.JarLauncher"]
