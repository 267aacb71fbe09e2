#!/usr/bin/env bash
# Local Elasticsearch 8 node for SAI: bash deploy/services/elasticsearch.sh start|stop|status
#
# A real Elasticsearch 8.14.3 node (Elastic's server jar and Netty4 module from Maven Central),
# run embedded by a small launcher (deploy/elasticsearch/src) since no other download is allowed.
# Single node, plain HTTP on 127.0.0.1:$ES_PORT (default 9200), no security, heap 512 MB-1 GB.
# Jars, classes, config, data and logs live under .services/elasticsearch/.
# Running as root is fine: the root refusal sits in Elasticsearch's command-line bootstrap,
# which the embedded launcher does not use.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SERVICE_NAME=elasticsearch

ES_PORT="${ES_PORT:-9200}"
URL="http://127.0.0.1:$ES_PORT"
SRC="$ROOT/deploy/elasticsearch"
HOME_DIR="$SERVICES_DIR/elasticsearch"
PID_FILE="$SERVICES_DIR/elasticsearch.pid"
LOG_FILE="$SERVICES_DIR/elasticsearch.log"

healthy() {
  curl -sf --max-time 3 "$URL/_cluster/health" | grep -Eq '"status":"(green|yellow)"'
}

# the pid from the pid file, if that process is still our node (not a reused pid)
running_pid() {
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
  [ -n "$pid" ] && grep -qs SaiNode "/proc/$pid/cmdline" && echo "$pid"
}

# Jars and compiled launcher are cached; each is redone only when its inputs change.
build() {
  command -v mvn >/dev/null || apt_install maven
  command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
  local lib_stamp classes_stamp
  lib_stamp="$(sha1sum "$SRC/pom.xml" | cut -d' ' -f1)"
  if [ "$(cat "$HOME_DIR/lib/.stamp" 2>/dev/null)" != "$lib_stamp" ]; then
    log "fetching Elasticsearch jars from Maven Central"
    rm -rf "$HOME_DIR/lib"
    mkdir -p "$HOME_DIR"
    # Debian's mvn prints stray colour codes even with -q: keep its output in a file, shown on failure
    if ! mvn -q -B -f "$SRC/pom.xml" -Dmaven.repo.local="$SERVICES_DIR/m2" \
      dependency:copy-dependencies -DoutputDirectory="$HOME_DIR/lib" >"$HOME_DIR/mvn.log" 2>&1; then
      tail -n 30 "$HOME_DIR/mvn.log" >&2
      return 1
    fi
    echo "$lib_stamp" >"$HOME_DIR/lib/.stamp"
  fi
  # relative paths below, so a checkout folder with spaces in its name works too
  classes_stamp="$(cd "$SRC" && cat pom.xml $(find src -name '*.java' | sort) | sha1sum | cut -d' ' -f1)"
  if [ "$(cat "$HOME_DIR/classes/.stamp" 2>/dev/null)" != "$classes_stamp" ]; then
    log "compiling the launcher"
    rm -rf "$HOME_DIR/classes"
    mkdir -p "$HOME_DIR/classes"
    (cd "$SRC/src" && javac -nowarn -d "$HOME_DIR/classes" -cp "$HOME_DIR/lib/*" $(find . -name '*.java')) >&2
    echo "$classes_stamp" >"$HOME_DIR/classes/.stamp"
  fi
  mkdir -p "$HOME_DIR/config"
  cp "$SRC/log4j2.properties" "$HOME_DIR/config/log4j2.properties"
}

start() {
  if healthy; then
    status_line elasticsearch "$URL" up
    return 0
  fi
  if ! running_pid >/dev/null; then
    build
    log "starting on $URL (log: $LOG_FILE)"
    # ES_JAVA_OPTS may add or override JVM flags (e.g. a smaller heap).
    nohup java -Xms512m -Xmx1g -XX:+UseG1GC -Dfile.encoding=UTF-8 ${ES_JAVA_OPTS:-} \
      -cp "$HOME_DIR/classes:$HOME_DIR/lib/*" \
      -Dsai.es.home="$HOME_DIR" -Dsai.es.port="$ES_PORT" \
      org.elasticsearch.node.SaiNode >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
  fi
  # poll health, but stop waiting as soon as the JVM has died; `kill -0` on the pid just written, because right
  # after the fork its cmdline is still the shell's (running_pid would call a starting node dead)
  local i pid
  pid="$(cat "$PID_FILE")"
  for ((i = 0; i < 180; i++)); do
    healthy && break
    kill -0 "$pid" 2>/dev/null || { log "the node exited; last lines of $LOG_FILE:"; tail -n 20 "$LOG_FILE" >&2; return 1; }
    sleep 1
  done
  if ! healthy; then
    log "timed out after 180s waiting for cluster health (see $LOG_FILE)"
    return 1
  fi
  status_line elasticsearch "$URL" up
}

stop() {
  local pid
  # SIGTERM: the launcher's shutdown hook closes the node cleanly.
  if pid="$(running_pid)"; then stop_pid "$pid" 60; fi
  rm -f "$PID_FILE"
  status_line elasticsearch "$URL" down
}

status() {
  if healthy; then
    status_line elasticsearch "$URL" up
  else
    status_line elasticsearch "$URL" down
    return 1
  fi
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
