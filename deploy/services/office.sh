#!/usr/bin/env bash
# DOCX → PDF conversion (sai/core/conversion.py): Debian's LibreOffice Writer without a GUI, run headless per
# conversion. Nothing runs as a daemon, so "start" only makes sure it is installed.
#   usage: deploy/services/office.sh start|stop|status
SERVICE_NAME=office
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# fonts-dejavu-core and fonts-liberation2: metric-compatible fonts so converted pages keep their layout.
PACKAGES=(libreoffice-writer-nogui fonts-dejavu-core fonts-liberation2)

ready() { command -v soffice >/dev/null 2>&1; }

describe() { soffice --version 2>/dev/null | awk 'NR == 1 {print $1, $2}'; }

cmd_status() {
  if ready; then
    status_line office "$(command -v soffice)" "up ($(describe))"
  else
    status_line office "soffice (libreoffice-writer)" missing
    return 1
  fi
}

cmd_start() {
  if ! ready; then apt_install "${PACKAGES[@]}"; fi
  cmd_status
}

case "${1:-}" in
  start) cmd_start ;;
  stop) status_line office "soffice (libreoffice-writer)" "nothing to stop" ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
