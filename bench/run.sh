#!/usr/bin/env bash
# The ipamql benchmark, one command: bench/run.sh [--quick] [--no-build] [--duration S] [--warmup S]
#   [--warmup-all S] [--force-ipv6-fill] [--pg-port N] [--http-port N]
# Builds the packaged service, starts a durable PostgreSQL (a separate server process from the build's
# embedded-postgres binaries), times the service's start-up, then runs bench/Load.java: GraphQL load per
# scenario, the pgbench figure of the equivalent SQL on the same server, and the results table
# (bench/results/<time>.md and .json). Everything started here is stopped on exit, also on failure.
# Needs JDK 17 and pgbench (installed with apt-get when missing and possible). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//'; }

build=1
pg_port=55433
http_port=18080
load_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick|--force-ipv6-fill) load_args+=("$1") ;;
    --duration|--warmup|--warmup-all) load_args+=("$1" "$2"); shift ;;
    --no-build) build= ;;
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

# ---- build
if [ -n "$build" ]; then
  log "building the service (./mvnw -B -q package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
app=target/quarkus-app/quarkus-run.jar
[ -f "$app" ] || { echo "$app missing: run without --no-build" >&2; exit 1; }

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
start_service() { # log name; sets app_pid and started_ms
  local t0
  t0=$(date +%s%N)
  # IPAMQL_BENCH_JAVA_OPTS: JVM options for the service; by default the README's production options
  # (C1 only, serial GC, heap 64-256 MB: less memory and a faster start on 2 cores)
  java ${IPAMQL_BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx256m} -jar "$app" > "$work/$1.log" 2>&1 &
  app_pid=$!
  until ready; do
    kill -0 "$app_pid" 2> /dev/null || { tail -n 30 "$work/$1.log" >&2; echo "the service exited" >&2; exit 1; }
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
  log "start $i: $started_ms ms"
  # the third launch stays up for the scenarios
  [ $i = 3 ] || stop "$app_pid"
done

# ---- the scenarios and the report
mkdir -p bench/results
out=bench/results/$(date -u +%Y-%m-%dT%H-%M-%SZ)$(printf '%s' "${load_args[*]:-}" | grep -q -- --quick && echo -quick || true)
# the load generator itself: small heap, serial GC, to stay light next to the service
java -XX:+UseSerialGC -Xmx512m bench/Load.java --url "http://localhost:$http_port/graphql" --pid "$app_pid" \
  --pg-port "$pg_port" --pgbench "$pgbench" --psql "$psql" --examples graphql/examples --bench-dir bench \
  --out "$out" --startup-ms "$(IFS=,; echo "${times[*]}")" --first-start-ms "$first_ms" ${load_args[@]+"${load_args[@]}"}
