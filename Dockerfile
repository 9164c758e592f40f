# Build stage: compiles and packages the Boot jar, then splits it into layers so that a code
# change rebuilds only the small application layer of the runtime image.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -Dspotless.check.skip=true
COPY src ./src
# Tests need PostgreSQL and run in CI (`mvn verify`), not in the image build.
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true \
 && java -Djarmode=tools -jar target/downtime-receiver-*.jar extract --layers --launcher --destination /build/layers

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 receiver \
 && useradd --system --uid 10001 --gid receiver --home-dir /app --shell /usr/sbin/nologin receiver
WORKDIR /app
COPY --from=build /build/layers/dependencies/ ./
COPY --from=build /build/layers/spring-boot-loader/ ./
COPY --from=build /build/layers/snapshot-dependencies/ ./
COPY --from=build /build/layers/application/ ./
USER 10001:10001
EXPOSE 8080
# Readiness, not liveness: the container is healthy once it can answer Monitor correctly.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
