#!/usr/bin/env bash
# Start-up time of the packaged service in JVM mode, from process start to /q/health/ready UP,
# against an external PostgreSQL, without and with AppCDS. Usage: bench/startup.sh [runs]
# Needs only JDK 17 and the Maven wrapper; the PostgreSQL is a separate server process run from the
# embedded-postgres binaries of the build (bench/BenchPostgres.java).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
port=55432
trap 'kill $(cat "$work/app.pid" 2>/dev/null) $(cat "$work/pg.pid" 2>/dev/null) 2>/dev/null || true' EXIT

./mvnw -B -q package -DskipTests
cp -r target/quarkus-app "$work/plain"
./mvnw -B -q package -DskipTests -Dquarkus.package.jar.appcds.enabled=true
cp -r target/quarkus-app "$work/appcds"

# a separate PostgreSQL server process, from the embedded-postgres binaries on the build's class path
cp=$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')
java -cp "$cp" bench/BenchPostgres.java "$work/pg" "$port" > "$work/pg.log" 2>&1 & echo $! > "$work/pg.pid"
until grep -q READY "$work/pg.log"; do sleep 0.2; done

export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://localhost:$port/postgres
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:$port/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres

measure() { # variant, extra JVM options
  local total=0 t
  for i in $(seq 1 "$runs"); do
    local start=$(date +%s%N)
    java $2 -jar "$work/$1/quarkus-run.jar" > "$work/$1-$i.log" 2>&1 & echo $! > "$work/app.pid"
    until curl -sf -o /dev/null http://localhost:8080/q/health/ready; do sleep 0.01; done
    t=$(( ($(date +%s%N) - start) / 1000000 ))
    kill "$(cat "$work/app.pid")"; wait "$(cat "$work/app.pid")" 2>/dev/null || true
    echo "$1 run $i: ${t} ms" >&2
    total=$((total + t))
  done
  echo $((total / runs))
}
plain=$(measure plain "")
appcds=$(measure appcds "-XX:SharedArchiveFile=$work/appcds/app-cds.jsa -Xshare:auto")
echo
echo "| JVM mode, $(nproc) cores, $(java -version 2>&1 | head -1) | start to /q/health/ready UP (mean of $runs) |"
echo "|---|---|"
echo "| plain \`java -jar quarkus-run.jar\` | ${plain} ms |"
echo "| AppCDS (\`-Dquarkus.package.jar.appcds.enabled=true\`, \`-XX:SharedArchiveFile=app-cds.jsa\`) | ${appcds} ms |"
