#!/usr/bin/env bash
# Signature test services for SAI: the test PKI, an RFC 3161 TSA (`openssl ts -reply`), an OCSP responder
# (`openssl ocsp`, one-shot per request) and the CRLs, behind one small Python HTTP server on 127.0.0.1.
# Also installs Debian's poppler-utils + libnss3-tools so tests can cross-check signed PDFs with `pdfsig`.
#
#   deploy/services/firma.sh start|stop|status
#
# Data: .services/firma/pki (generated once by tests/firma/testpki/pki.py, reused while fit), .services/firma/nssdb
# (NSS database trusting the test root). Log: .services/firma.log. Endpoints (FIRMA_PORT, default 8790):
#   TSA  http://127.0.0.1:8790/tsa     OCSP http://127.0.0.1:8790/ocsp     CRL http://127.0.0.1:8790/crl/intermedia.crl
SERVICE_NAME=firma
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FIRMA_PORT="${FIRMA_PORT:-8790}"
ENDPOINT="http://127.0.0.1:$FIRMA_PORT"
DATA_DIR="$SERVICES_DIR/firma"
PID_FILE="$SERVICES_DIR/firma.pid"
LOG_FILE="$SERVICES_DIR/firma.log"
PYTHON="${SAI_PYTHON:-$ROOT/.venv/bin/python}"

is_up() { curl -fsS --max-time 2 "$ENDPOINT/salud" >/dev/null 2>&1; }
# The server on the port serves this checkout's PKI (another checkout's server would sign with other keys).
serves_our_pki() { curl -fsS --max-time 2 "$ENDPOINT/salud" 2>/dev/null | grep -qF " $(cd "$DATA_DIR" && pwd -P)/pki"; }

# A real timestamp through the running server: the TSA (not only the HTTP front) answers.
tsa_answers() {
  local tmp
  tmp="$(mktemp -d)"
  printf 'sai' >"$tmp/d" &&
    openssl ts -query -data "$tmp/d" -sha256 -cert -out "$tmp/q" 2>/dev/null &&
    curl -fsS --max-time 10 -H 'Content-Type: application/timestamp-query' --data-binary @"$tmp/q" \
      "$ENDPOINT/tsa" -o "$tmp/r" &&
    openssl ts -reply -in "$tmp/r" -text 2>/dev/null | grep -q 'Status: Granted'
  local rc=$?
  rm -rf "$tmp"
  return $rc
}

start() {
  apt_install openssl curl poppler-utils libnss3-tools
  [ -x "$PYTHON" ] || { log "$PYTHON not found: run 'make install' first"; return 1; }
  mkdir -p "$DATA_DIR"
  # Generate or reuse the PKI (and the NSS database). A new PKI needs a restarted server only for the CRL
  # cache, which the server re-reads from disk on each request, so a running server keeps serving.
  (cd "$ROOT" && "$PYTHON" -m tests.firma.testpki.pki --dir "$DATA_DIR" --url "$ENDPOINT" | sed 's/^/[firma] pki /' >&2)
  if is_up; then
    if ! serves_our_pki; then
      log "$ENDPOINT serves another checkout's PKI ($(curl -fsS --max-time 2 "$ENDPOINT/salud")); stop it there first"
      return 1
    fi
    service_status
    return 0
  fi
  if pid_running >/dev/null; then
    log "pid $(pid_running) is running but does not answer; stopping it first"
    service_stop 5
  fi
  log "starting TSA/OCSP/CRL server on $ENDPOINT (log: $LOG_FILE)"
  # A simple command (not a list) in the background, so $! is the server itself; setsid gives it its own group.
  cd "$ROOT"
  nohup setsid "$PYTHON" -m tests.firma.testpki.server --dir "$DATA_DIR" --port "$FIRMA_PORT" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  wait_for "firma server on $ENDPOINT" 30 is_up || { tail -n 20 "$LOG_FILE" >&2; return 1; }
  wait_for "a timestamp from $ENDPOINT/tsa" 15 tsa_answers || { tail -n 20 "$LOG_FILE" >&2; return 1; }
  service_status
}


case "${1:-}" in
  start) start ;;
  stop) service_stop 5 ;;
  status) service_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
