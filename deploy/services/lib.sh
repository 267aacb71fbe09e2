# Shared helpers for the local service scripts (sourced, not executed).
# Every service keeps its downloads, builds, data and logs under .services/ (git-ignored),
# binds to 127.0.0.1 only, and is started idempotently: a second start reuses what runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES_DIR="${SAI_SERVICES_DIR:-$ROOT/.services}"
mkdir -p "$SERVICES_DIR"

log() { printf '[%s] %s\n' "${SERVICE_NAME:-services}" "$*" >&2; }

# wait_for DESCRIPTION SECONDS COMMAND...: retry COMMAND every second until it succeeds.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  local i
  for ((i = 0; i < seconds; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "timed out after ${seconds}s waiting for $what (see $SERVICES_DIR/${SERVICE_NAME:-}.log)"
  return 1
}

# status_line NAME ENDPOINT STATE: the one-line status every script prints.
status_line() { printf '%-14s %-32s %s\n' "$1" "$2" "$3"; }

# apt_install PACKAGE...: install Debian packages that are missing (runs apt-get update once per boot).
apt_install() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ ! -f /tmp/.sai-apt-updated ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && touch /tmp/.sai-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# stop_pid PID SECONDS: SIGTERM the process (and its group, when it leads one), wait up to SECONDS for it to
# exit, then SIGKILL. Every service shuts down cleanly on SIGTERM; the kill is only for a hung one.
stop_pid() {
  local pid="$1" seconds="$2" i
  log "stopping pid $pid"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < seconds * 4; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  log "pid $pid still running after ${seconds}s; killing it"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# The background services (s3, elasticsearch, firma) follow one shape: the script sets SERVICE_NAME, ENDPOINT and
# PID_FILE and defines `is_up`; these give them the same pid lookup, stop and status.

# pid_running: the pid in PID_FILE if that process is alive.
pid_running() {
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# service_stop SECONDS: stop the recorded process (see stop_pid) and print the status line.
service_stop() {
  local pid
  if pid="$(pid_running)"; then stop_pid "$pid" "$1"; fi
  rm -f "$PID_FILE"
  status_line "$SERVICE_NAME" "$ENDPOINT" down
}

# service_status: print the status line; exit status 0 when the service answers.
service_status() {
  if is_up; then
    status_line "$SERVICE_NAME" "$ENDPOINT" up
  else
    status_line "$SERVICE_NAME" "$ENDPOINT" down
    return 1
  fi
}
