#!/usr/bin/env bash
# OCR for SAI's text extraction (sai/search/extraction.py): Debian's Tesseract with the Spanish model, and
# poppler-utils' pdftoppm to rasterise scanned PDF pages. Nothing runs as a daemon: the Celery tasks call the
# programs, so "start" only makes sure they are installed.
#   usage: deploy/services/ocr.sh start|stop|status
SERVICE_NAME=ocr
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PACKAGES=(tesseract-ocr tesseract-ocr-spa poppler-utils)

ready() {
  command -v tesseract >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 &&
    tesseract --list-langs 2>/dev/null | grep -qx spa
}

describe() {
  local version
  version="$(tesseract --version 2>/dev/null | head -n 1)"
  printf '%s + spa, %s' "${version:-tesseract}" "$(pdftoppm -v 2>&1 | head -n 1)"
}

cmd_start() {
  if ! ready; then apt_install "${PACKAGES[@]}"; fi
  if ready; then
    status_line ocr "$(describe)" up
  else
    status_line ocr "tesseract (spa) + pdftoppm" missing
    return 1
  fi
}

cmd_status() {
  if ready; then
    status_line ocr "$(describe)" up
  else
    status_line ocr "tesseract (spa) + pdftoppm" missing
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) status_line ocr "tesseract (spa) + pdftoppm" "nothing to stop" ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
