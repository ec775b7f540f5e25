# syntax=docker/dockerfile:1

# --- build: compile and test-skip package, then split the jar into layers -------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/trailscope-*.jar extract --layers --launcher --destination target/extracted

# --- run: JRE only, unprivileged user, dependencies in their own layers ---------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 trailscope \
 && useradd --system --uid 10001 --gid trailscope --home-dir /app trailscope \
 && mkdir -p /app/data && chown trailscope:trailscope /app/data
WORKDIR /app
COPY --from=build /src/target/extracted/dependencies/ ./
COPY --from=build /src/target/extracted/spring-boot-loader/ ./
COPY --from=build /src/target/extracted/snapshot-dependencies/ ./
COPY --from=build /src/target/extracted/application/ ./
USER trailscope
EXPOSE 8080
# ./data holds the generated admin password (and the embedded database, when no datasource is set)
VOLUME ["/app/data"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
