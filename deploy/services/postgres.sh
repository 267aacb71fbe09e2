#!/usr/bin/env bash
# Local PostgreSQL 15 for SAI (Debian's packages + the Debian cluster "15 main").
#   usage: deploy/services/postgres.sh start|stop|status
# Listens on 127.0.0.1:5432 only; role sai/sai (CREATEDB, so pytest-django can create test_sai)
# owns database sai:  DATABASE_URL=postgres://sai:sai@127.0.0.1:5432/sai
# Needs root (apt, pg_ctlcluster, the cluster files under /etc and /var/lib).
SERVICE_NAME=postgres
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
PG_DB=sai
PG_USER=sai
PG_PASSWORD=sai
PG_CONF_DIR="/etc/postgresql/$PG_VERSION/$PG_CLUSTER"
PG_LOG="/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
ENDPOINT="postgres://127.0.0.1:$PG_PORT/$PG_DB"

# Our settings, in a conf.d drop-in (postgresql.conf has include_dir = 'conf.d').
# WARNING: fsync/synchronous_commit/full_page_writes = off trade crash safety for speed.
# That is acceptable ONLY because this is a throwaway local dev/test cluster; never use
# these settings for data you want to keep.
SAI_CONF="$(cat <<'EOF'
# Managed by SAI deploy/services/postgres.sh -- local dev/test cluster only.
listen_addresses = '127.0.0.1'
port = 5432
# Unsafe-but-fast durability settings: OK for a disposable dev/test database ONLY.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
)"

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }

# Run psql as the postgres superuser over the Unix socket (peer auth).
as_postgres_psql() {
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@")
}

cluster_running() {
  pg_lsclusters -h "$PG_VERSION" "$PG_CLUSTER" 2>/dev/null | awk '{print $4}' | grep -qx online
}

ensure_cluster() {
  apt_install postgresql
  if ! pg_lsclusters -h "$PG_VERSION" "$PG_CLUSTER" 2>/dev/null | grep -q .; then
    log "creating cluster $PG_VERSION $PG_CLUSTER on port $PG_PORT"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >&2
  fi
  mkdir -p "$PG_CONF_DIR/conf.d"
  local f="$PG_CONF_DIR/conf.d/sai.conf"
  CONF_CHANGED=0
  if [ ! -f "$f" ] || [ "$(cat "$f")" != "$SAI_CONF" ]; then
    printf '%s\n' "$SAI_CONF" >"$f"
    CONF_CHANGED=1
  fi
  # Anything in postgresql.auto.conf (ALTER SYSTEM) would override conf.d; refuse a non-loopback one.
  if grep -Eq "^\s*listen_addresses" "/var/lib/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.auto.conf" 2>/dev/null; then
    log "removing listen_addresses from postgresql.auto.conf (conf.d/sai.conf pins 127.0.0.1)"
    sed -i -E '/^\s*listen_addresses/d' "/var/lib/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.auto.conf"
    CONF_CHANGED=1
  fi
  ln -sfn "$PG_LOG" "$SERVICES_DIR/postgres.log"
}

ensure_role_and_db() {
  as_postgres_psql <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER;
  END IF;
END
\$\$;
ALTER ROLE $PG_USER WITH LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')\gexec
ALTER DATABASE $PG_DB OWNER TO $PG_USER;
SQL
}

check_loopback_only() {
  local la
  la="$(as_postgres_psql -tAc 'SHOW listen_addresses')"
  if [ "$la" != "127.0.0.1" ]; then
    log "ERROR: listen_addresses is '$la', expected '127.0.0.1'"
    return 1
  fi
}

cmd_start() {
  ensure_cluster
  if cluster_running && pg_up; then
    if [ "$CONF_CHANGED" = 1 ]; then
      log "config changed, restarting cluster"
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart >&2
    fi
  else
    log "starting cluster $PG_VERSION $PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
  fi
  wait_for "postgres on 127.0.0.1:$PG_PORT" 30 pg_up
  check_loopback_only
  ensure_role_and_db
  status_line postgres "$ENDPOINT" up
}

cmd_stop() {
  if cluster_running; then
    log "stopping cluster $PG_VERSION $PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop >&2
  fi
  status_line postgres "$ENDPOINT" down
}

cmd_status() {
  if pg_up; then
    status_line postgres "$ENDPOINT" up
  else
    status_line postgres "$ENDPOINT" down
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
