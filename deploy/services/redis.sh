#!/usr/bin/env bash
# Local Redis for SAI (Debian's redis-server binary, run by hand, not via systemd/init.d).
#   usage: deploy/services/redis.sh start|stop|status
# Listens on 127.0.0.1:6379 only; no persistence (--save '' --appendonly no).
#   REDIS_URL=redis://127.0.0.1:6379/0
#
# Debian's package ships an init script that may auto-start its own redis-server on 6379
# right after install (it does not here: policy-rc.d forbids it, but it would on a normal
# host). We handle that in two layers:
#   1. Right after *we* install the package, stop Debian's instance and disable its init
#      script, so the normal case is "our" daemon with our flags.
#   2. If anything already answers PING on 127.0.0.1:6379 at start, we reuse it
#      (idempotent start; also covers a pre-existing Debian/system Redis we must not fight).
SERVICE_NAME=redis
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_PORT=6379
REDIS_DIR="$SERVICES_DIR/redis"
REDIS_LOG="$SERVICES_DIR/redis.log"
REDIS_PID="$SERVICES_DIR/redis.pid"
ENDPOINT="redis://127.0.0.1:$REDIS_PORT/0"

redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

ensure_installed() {
  if dpkg -s redis-server >/dev/null 2>&1; then return 0; fi
  apt_install redis-server
  # Layer 1: neutralise the distro service the package may have just started.
  if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
  if command -v update-rc.d >/dev/null 2>&1; then update-rc.d redis-server disable >/dev/null 2>&1 || true; fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
}

cmd_start() {
  ensure_installed
  if redis_up; then
    status_line redis "$ENDPOINT" up
    return 0
  fi
  mkdir -p "$REDIS_DIR"
  log "starting redis-server on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOG)"
  redis-server \
    --daemonize yes \
    --bind 127.0.0.1 \
    --port "$REDIS_PORT" \
    --protected-mode yes \
    --dir "$REDIS_DIR" \
    --logfile "$REDIS_LOG" \
    --pidfile "$REDIS_PID" \
    --save '' \
    --appendonly no
  wait_for "redis on 127.0.0.1:$REDIS_PORT" 20 redis_up
  status_line redis "$ENDPOINT" up
}

cmd_stop() {
  if redis_up; then
    log "shutting down redis on 127.0.0.1:$REDIS_PORT"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < 20; i++)); do redis_up || break; sleep 0.25; done
  fi
  rm -f "$REDIS_PID"
  status_line redis "$ENDPOINT" down
}

cmd_status() {
  if redis_up; then
    status_line redis "$ENDPOINT" up
  else
    status_line redis "$ENDPOINT" down
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
