# syntax=docker/dockerfile:1
# One multi-stage build, one target per app (compose picks the target):
#   docker build --target detector -t mfa-watch-detector .
#   docker build --target register-sync -t mfa-watch-register-sync .
#   docker build --target generator -t mfa-watch-generator .
# The project is built once (stage "build"); each app stage is the same runtime with its own command.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre AS runtime
RUN useradd --system --uid 10001 --home-dir /opt/mfa-watch mfawatch
WORKDIR /opt/mfa-watch
COPY --from=build /src/cli/target/mfa-watch.jar ./mfa-watch.jar
COPY --from=build /src/cli/target/lib ./lib
USER mfawatch
ENV MFAWATCH_JAVA_OPTS=""
ENTRYPOINT ["sh", "-c", "exec java $MFAWATCH_JAVA_OPTS -jar /opt/mfa-watch/mfa-watch.jar \"$@\"", "mfa-watch"]

# The detector: /metrics, /health, /ready on MFAWATCH_HTTP_PORT (8080).
FROM runtime AS detector
ENV MFAWATCH_HTTP_PORT=8080 \
    MFAWATCH_STATE_DIR=/var/lib/mfa-watch/state
USER root
RUN mkdir -p /var/lib/mfa-watch/state && chown -R mfawatch /var/lib/mfa-watch
USER mfawatch
EXPOSE 8080
CMD ["detector"]

# register-sync --watch: publishes the register mounted at /config/register.csv; /metrics on 8081.
FROM runtime AS register-sync
ENV MFAWATCH_HTTP_PORT=8081
EXPOSE 8081
CMD ["register-sync", "--register", "/config/register.csv", "--watch"]

# The demo's sign-in generator against an existing cluster; prints the alerts it sees.
FROM runtime AS generator
CMD ["demo", "--bootstrap-servers", "kafka:9092"]
