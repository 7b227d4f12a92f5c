#!/usr/bin/env bash
# The ipamql benchmark, one command: bench/run.sh [--quick] [--no-build] [--no-aot] [--duration S] [--warmup S]
#   [--warmup-all S] [--force-ipv6-fill] [--only NAMES] [--pg-port N] [--http-port N]
# Builds the packaged service, starts a durable PostgreSQL (a separate server process from the build's
# embedded-postgres binaries), times the service's start-up, then runs the load generator (bench/load/):
# GraphQL load per scenario, the pgbench figure of the equivalent SQL on the same server, and the results table
# (bench/results/<time>.md and .json). Everything started here is stopped on exit, also on failure.
# Needs JDK 17 and pgbench (installed with apt-get when missing and possible). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//'; }

build=1
aot=1
pg_port=55433
http_port=18080
load_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick|--force-ipv6-fill) load_args+=("$1") ;;
    --duration|--warmup|--warmup-all|--only) load_args+=("$1" "$2"); shift ;;
    --no-build) build= ;;
    --no-aot) aot= ;;
    --pg-port) pg_port=$2; shift ;;
    --http-port) http_port=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

began=$(date +%s)
log() { echo "[$(date +%T)] $*" >&2; }

# ---- pgbench and psql: PATH first, then the newest /usr/lib/postgresql/*/bin, else install them
find_pg_tool() {
  if command -v "$1" > /dev/null 2>&1 && "$1" --version > /dev/null 2>&1; then
    command -v "$1"
    return
  fi
  ls -d /usr/lib/postgresql/*/bin/"$1" 2> /dev/null | sort -V | tail -n 1
}
install_pg_tools() {
  local apt=()
  # root installs directly; anyone else only with password-less sudo
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); elif sudo -n true 2> /dev/null; then apt=(sudo -n apt-get); fi
  if ! command -v apt-get > /dev/null 2>&1 || [ ${#apt[@]} = 0 ]; then
    echo "pgbench not found and cannot be installed here: install PostgreSQL's pgbench and psql" \
         "(Debian/Ubuntu: apt-get install postgresql-client postgresql-contrib) and run again" >&2
    exit 1
  fi
  log "installing pgbench with apt-get"
  "${apt[@]}" update -qq
  # Debian ships pgbench in the server package (pulled in by postgresql-contrib), Ubuntu in the client
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq postgresql-client > /dev/null
  if [ -z "$(find_pg_tool pgbench)" ]; then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq postgresql-contrib > /dev/null
  fi
}
pgbench=$(find_pg_tool pgbench)
if [ -z "$pgbench" ]; then
  install_pg_tools
  pgbench=$(find_pg_tool pgbench)
fi
# psql beside pgbench, so both are of one version
psql=$(dirname "$pgbench")/psql
[ -x "$psql" ] || psql=$(find_pg_tool psql)
[ -n "$pgbench" ] && [ -n "$psql" ] || { echo "pgbench or psql still missing" >&2; exit 1; }
log "pgbench: $pgbench ($("$pgbench" --version)), psql: $psql"

# ---- refuse ports that are taken: the numbers would come from someone else's server
port_taken() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
for p in "$pg_port" "$http_port"; do
  if port_taken "$p"; then
    echo "port $p is in use; choose another with --pg-port / --http-port" >&2
    exit 1
  fi
done

# ---- a busy machine gives low figures: say so up front (the report shows the other processes' CPU too)
read -r load1 _ < /proc/loadavg || load1=0
if [ "${load1%.*}" -ge "$(nproc)" ] 2> /dev/null; then
  log "warning: load average $load1 on $(nproc) cores: other work will depress the figures"
fi

# ---- the service's JVM: the production options of docs/operations.md (serial GC, heap 64-256 MB, small code cache
# and stacks, two malloc arenas); others with IPAMQL_BENCH_JAVA_OPTS="..."
java_opts=${IPAMQL_BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# ---- a JDK 25 or newer (IPAMQL_BENCH_AOT_JAVA, else the newest in /usr/lib/jvm) runs the service from an
# AOT cache (JEP 483/514) of the aot-jar packaging: the production start-up; --no-aot or none found: JDK on PATH
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
aot_java=
if [ -n "$aot" ]; then
  for candidate in ${IPAMQL_BENCH_AOT_JAVA:-} $(ls -d /usr/lib/jvm/*/bin/java 2> /dev/null | sort -V -r); do
    if [ -x "$candidate" ] && [ "$(java_feature "$candidate" 2> /dev/null || echo 0)" -ge 25 ] 2> /dev/null; then
      aot_java=$candidate
      break
    fi
  done
  [ -n "$aot_java" ] || log "no JDK 25 or newer found (set IPAMQL_BENCH_AOT_JAVA): start-up and load on $(command -v java) without an AOT cache"
fi

# ---- build
if [ -n "$build" ]; then
  if [ -n "$aot_java" ]; then
    log "building the aot-jar packaging into target/aot-app (./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar)"
    ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot-app
  fi
  # last, so that target/quarkus-artifact.properties names the default packaging, as the tests expect
  log "building the service (./mvnw -B -q package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
app=target/quarkus-app/quarkus-run.jar
[ -f "$app" ] || { echo "$app missing: run without --no-build" >&2; exit 1; }
aot_app=target/aot-app/quarkus-run.jar
if [ -n "$aot_java" ] && [ ! -f "$aot_app" ]; then
  echo "$aot_app missing: run without --no-build" >&2
  exit 1
fi

work=$(mktemp -d -t ipamql-bench.XXXXXX)
pg_pid= app_pid=
stop() { # pid: TERM, then wait up to 30 s for it to exit
  [ -n "$1" ] && kill -0 "$1" 2> /dev/null || return 0
  kill "$1" 2> /dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2> /dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2> /dev/null || true
}
cleanup() {
  local rc=$?
  stop "$app_pid"
  # PostgreSQL's launcher stops the server in its shutdown hook, so it gets TERM, not KILL
  stop "$pg_pid"
  if [ $rc != 0 ] && [ -f "$work/app.log" ]; then
    echo "--- last lines of the service log:" >&2
    tail -n 20 "$work/app.log" >&2
  fi
  rm -rf "$work"
  log "total run time $(( $(date +%s) - began )) s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the load generator (bench/load/), compiled before anything is started
javac -d "$work/load" bench/load/*.java

# ---- PostgreSQL: a separate, durable server process (fsync and synchronous_commit on), data in $work
cp=$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')
java -cp "$cp" bench/BenchPostgres.java "$work/pgdata" "$pg_port" > "$work/pg.log" 2>&1 &
pg_pid=$!
for _ in $(seq 1 600); do
  grep -q '^READY' "$work/pg.log" && break
  kill -0 "$pg_pid" 2> /dev/null || { cat "$work/pg.log" >&2; exit 1; }
  sleep 0.1
done
grep -q '^READY' "$work/pg.log" || { echo "PostgreSQL did not start" >&2; cat "$work/pg.log" >&2; exit 1; }
log "PostgreSQL on port $pg_port"

export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://localhost:$pg_port/postgres
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:$pg_port/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
export IPAMQL_AUTH_ENABLED=false QUARKUS_HTTP_PORT=$http_port

# ---- the service: start-up time is process start to /q/health/ready UP
ready() {
  if command -v curl > /dev/null 2>&1; then
    curl -sf -o /dev/null "http://localhost:$http_port/q/health/ready"
    return
  fi
  # without curl: one HTTP/1.0 request through bash's /dev/tcp
  local status
  exec 9<> "/dev/tcp/127.0.0.1/$http_port" 2> /dev/null || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&9
  read -r status <&9 || true
  exec 9>&-
  [[ $status == *" 200"* ]]
}
post_graphql() { # body: one POST to /graphql, with curl or through bash's /dev/tcp
  if command -v curl > /dev/null 2>&1; then
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$1" "http://localhost:$http_port/graphql"
    return
  fi
  exec 9<> "/dev/tcp/127.0.0.1/$http_port" || return 1
  printf 'POST /graphql HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "${#1}" "$1" >&9
  cat <&9 > /dev/null || true
  exec 9>&-
}
start_service() { # log name [java [jar [extra JVM options...]]]; sets app_pid and started_ms
  local t0 name=$1 java_bin=${2:-java} jar=${3:-$app}
  shift; shift || true; shift || true
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  "$java_bin" $java_opts "$@" -jar "$jar" > "$work/$name.log" 2>&1 &
  app_pid=$!
  until ready; do
    kill -0 "$app_pid" 2> /dev/null || { tail -n 30 "$work/$name.log" >&2; echo "the service exited" >&2; exit 1; }
    (( ($(date +%s%N) - t0) / 1000000000 < 180 )) || { echo "the service was not ready within 180 s" >&2; exit 1; }
    sleep 0.02
  done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
# the first launch migrates the empty database; the three after it are the start-up figure
start_service app-migrate
first_ms=$started_ms
log "first start (runs the migrations): $first_ms ms"
stop "$app_pid"
times=()
for i in 1 2 3; do
  start_service app
  times+=("$started_ms")
  log "start $i on $(java_feature java) (fast-jar, no AOT cache): $started_ms ms"
  # without an AOT JDK the third launch stays up for the scenarios
  [ $i = 3 ] && [ -z "$aot_java" ] || stop "$app_pid"
done
service_jvm="$(java -version 2>&1 | head -n 1) $java_opts, fast-jar"
reference_times=
if [ -n "$aot_java" ]; then
  reference_times=$(IFS=,; echo "${times[*]}")
  # training run: the cache records the classes loaded and linked while starting and serving a little traffic
  start_service app-train "$aot_java" "$aot_app" -XX:AOTCacheOutput="$work/app.aot"
  log "AOT training run on $aot_java started in $started_ms ms"
  for op in '{"query":"{ namespaces { name } }"}' \
            '{"query":"mutation { createNamespace(name: \"aot-training\") { name } }"}' \
            '{"query":"mutation { createPrefix(cidr: \"10.0.0.0/16\", namespace: \"aot-training\") { cidr } }"}' \
            '{"query":"mutation { acquireIP(prefix: \"10.0.0.0/16\", namespace: \"aot-training\") { address } }"}' \
            '{"query":"mutation { acquireChildPrefix(parent: \"10.0.0.0/16\", length: 24, namespace: \"aot-training\") { cidr } }"}' \
            '{"query":"{ namespace(name: \"aot-training\") { prefixes { edges { node { cidr usage { size } children { cidr } ips { totalCount } } } } } }"}'; do
    post_graphql "$op" || true
  done
  # the cache is assembled when the JVM exits, by a child JVM (JAVA_TOOL_OPTIONS names the cache): wait for both
  kill "$app_pid" 2> /dev/null || true
  aot_busy() { kill -0 "$app_pid" 2> /dev/null || grep -qs -- "AOTCacheOutput=$work/app.aot" /proc/[0-9]*/environ; }
  for _ in $(seq 1 1500); do aot_busy || break; sleep 0.2; done
  [ -s "$work/app.aot" ] || { tail -n 5 "$work/app-train.log" >&2; echo "the AOT cache was not written" >&2; exit 1; }
  log "AOT cache written: $(du -m "$work/app.aot" | cut -f1) MB"
  times=()
  for i in 1 2 3; do
    start_service app "$aot_java" "$aot_app" -XX:AOTCache="$work/app.aot"
    times+=("$started_ms")
    log "start $i on JDK $(java_feature "$aot_java") with the AOT cache: $started_ms ms"
    [ $i = 3 ] || stop "$app_pid"
  done
  service_jvm="$("$aot_java" -version 2>&1 | head -n 1) $java_opts, aot-jar with -XX:AOTCache"
fi

# ---- the scenarios and the report
mkdir -p bench/results
out=bench/results/$(date -u +%Y-%m-%dT%H-%M-%SZ)$(printf '%s' "${load_args[*]:-}" | grep -q -- --quick && echo -quick || true)
# the load generator itself: small heap, serial GC, to stay light next to the service
java -XX:+UseSerialGC -Xmx512m -cp "$work/load" load.Load --url "http://localhost:$http_port/graphql" --pid "$app_pid" \
  --pg-port "$pg_port" --pgbench "$pgbench" --psql "$psql" --examples graphql/examples --bench-dir bench \
  --out "$out" --startup-ms "$(IFS=,; echo "${times[*]}")" --first-start-ms "$first_ms" --service-jvm "$service_jvm" \
  ${reference_times:+--startup-reference-ms "$reference_times"} ${load_args[@]+"${load_args[@]}"}
