# Shared by scripts/run, scripts/test and scripts/bench: find or install what pifleet needs.
# Every function is idempotent and says clearly what is missing when it cannot install it.

PIFLEET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIFLEET_PG_ROLE=pifleet
PIFLEET_PG_PASSWORD=pifleet

say() { printf '\033[1m[pifleet]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[pifleet] error:\033[0m %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif have sudo; then sudo "$@"; else return 1; fi
}

apt_install() {
  have apt-get || return 1
  if [ -z "${PIFLEET_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq >/dev/null 2>&1 || return 1
    PIFLEET_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The major version of the JDK at $1 (a JAVA_HOME), or nothing.
jdk_major() {
  local home="$1" version
  [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  fi
  echo "$version"
}

# Exports JAVA_HOME as a JDK >= 21: the given one, the default one, or any under /usr/lib/jvm.
ensure_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  say "no JDK >= 21 found; trying Debian's openjdk-21-jdk-headless"
  if apt_install openjdk-21-jdk-headless 2>/dev/null && [ -d /usr/lib/jvm/java-21-openjdk-amd64 ]; then
    export JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64
    export PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  die "pifleet needs a JDK >= 21 to build (found none in JAVA_HOME, on PATH or under /usr/lib/jvm). Install one (e.g. Temurin 21) and set JAVA_HOME."
}

ensure_maven() {
  have mvn || { say "installing Maven"; apt_install maven || die "Maven is missing and could not be installed: install Maven >= 3.8."; }
}

# Node >= 20.19 runs Parse Server 9.
ensure_node() {
  if ! have node; then
    say "installing Node.js"
    apt_install nodejs npm || true
  fi
  have node || die "Node.js >= 20.19 is missing: install it (e.g. from nodejs.org or NodeSource) and rerun."
  local version major minor
  version=$(node -v | tr -d v)
  major=${version%%.*}; minor=$(echo "$version" | cut -d. -f2)
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    die "Node.js $version is too old for Parse Server 9: install Node.js >= 20.19."
  fi
  have npm || die "npm is missing: install npm for Node.js $version."
}

# A Node project's packages (directory relative to the root), exactly as its committed lockfile says;
# reinstalled only when the lockfile changes.
ensure_node_packages() {
  local dir="$PIFLEET_ROOT/$1" stamp="$PIFLEET_ROOT/$1/node_modules/.pifleet-lock-sha"
  local want; want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  say "installing the packages of $1/ (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $1/"
  echo "$want" > "$stamp"
}

psql_admin() {
  if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
    (cd /tmp && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@")
  elif have sudo && id postgres >/dev/null 2>&1; then
    (cd /tmp && sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 "$@")
  else
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"
  fi
}

# PostgreSQL running on 127.0.0.1:5432 with the pifleet role (CREATEDB, for the test harness) and database.
ensure_postgres() {
  if ! have pg_lsclusters; then
    say "installing PostgreSQL"
    apt_install postgresql || die "PostgreSQL is missing and could not be installed: install PostgreSQL >= 13."
  fi
  local version cluster status
  while read -r version cluster _ status _; do
    [ "$status" = "online" ] && continue
    say "starting PostgreSQL $version/$cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start \
      || die "could not start PostgreSQL cluster $version/$cluster"
  done < <(pg_lsclusters -h 2>/dev/null)
  [ -n "$(pg_lsclusters -h 2>/dev/null)" ] || die "PostgreSQL is installed but has no cluster: create one with pg_createcluster."
  local tries=0
  until pg_isready -q -h 127.0.0.1 -p 5432; do
    tries=$((tries + 1)); [ "$tries" -le 30 ] || die "PostgreSQL does not answer on 127.0.0.1:5432"
    sleep 1
  done
  psql_admin -d postgres <<SQL || die "could not create the PostgreSQL role and database for pifleet"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PIFLEET_PG_ROLE') THEN
    CREATE ROLE $PIFLEET_PG_ROLE LOGIN CREATEDB PASSWORD '$PIFLEET_PG_PASSWORD';
  ELSE
    ALTER ROLE $PIFLEET_PG_ROLE LOGIN CREATEDB PASSWORD '$PIFLEET_PG_PASSWORD';
  END IF;
END \$\$;
SQL
  if [ -z "$(psql_admin -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'pifleet'")" ]; then
    psql_admin -d postgres -c "CREATE DATABASE pifleet OWNER $PIFLEET_PG_ROLE" || die "could not create database pifleet"
  fi
}

# Debian's Chromium and ChromeDriver for the browser tests.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  say "installing Chromium and ChromeDriver for the browser tests"
  apt_install chromium chromium-driver || die "Chromium is missing and could not be installed: apt-get install chromium chromium-driver"
}

# MQTT clients nobody here wrote, for the ingest's MQTT tests and the bench: mosquitto_pub and python3-paho-mqtt.
ensure_mqtt_clients() {
  if have mosquitto_pub && /usr/bin/python3 -c 'import paho.mqtt.client' 2>/dev/null; then return 0; fi
  say "installing the MQTT clients (mosquitto-clients, python3-paho-mqtt)"
  apt_install mosquitto-clients python3-paho-mqtt \
    || die "the MQTT clients are missing and could not be installed: apt-get install mosquitto-clients python3-paho-mqtt"
}

ensure_build_prerequisites() {
  ensure_jdk
  ensure_maven
  ensure_node
  ensure_node_packages parse-server
  ensure_postgres
}
