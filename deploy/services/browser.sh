#!/usr/bin/env bash
# Headless browser for SAI's browser tests: Debian's chromium (no server to run).
#   usage: deploy/services/browser.sh start|stop|status
# Playwright must use this binary instead of downloading its own:
#   chromium.launch(executable_path="/usr/bin/chromium", args=[
#       "--no-sandbox", "--disable-gpu", "--disable-background-networking",
#       "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
SERVICE_NAME=browser
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM=/usr/bin/chromium

browser_version() { "$CHROMIUM" --version 2>/dev/null | awk 'NR == 1 {print $1, $2}'; }

cmd_start() {
  # fonts-dejavu-core: so pages render text (screenshots, layout); chromium pulls few fonts itself.
  apt_install chromium fonts-dejavu-core
  local v
  v="$(browser_version)" || true
  if [ -z "$v" ]; then
    log "ERROR: $CHROMIUM --version failed"
    status_line browser "$CHROMIUM" down
    return 1
  fi
  status_line browser "$CHROMIUM" "up ($v)"
}

cmd_stop() {
  # Nothing runs between tests; Playwright starts and ends its own chromium processes.
  status_line browser "$CHROMIUM" "up (not a server; nothing to stop)"
}

cmd_status() {
  local v
  if [ -x "$CHROMIUM" ] && v="$(browser_version)" && [ -n "$v" ]; then
    status_line browser "$CHROMIUM" "up ($v)"
  else
    status_line browser "$CHROMIUM" down
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
