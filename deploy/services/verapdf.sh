#!/usr/bin/env bash
# veraPDF, the reference PDF/A validator, for the tests that check SAI's reports are PDF/A-2b (tests/pdfa.py).
#   usage: deploy/services/verapdf.sh start|stop|status
# Its command-line application (org.verapdf.apps:greenfield-apps) and dependencies come from Maven Central into
# .services/verapdf/lib (cached; fetched again only when deploy/verapdf/pom.xml changes). Nothing runs as a
# daemon: "start" installs .services/verapdf/verapdf, a launcher the tests call per file.
SERVICE_NAME=verapdf
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

POM="$ROOT/deploy/verapdf/pom.xml"
HOME_DIR="$SERVICES_DIR/verapdf"
LAUNCHER="$HOME_DIR/verapdf"
ENDPOINT="$LAUNCHER"

ready() {
  [ -x "$LAUNCHER" ] && [ "$(cat "$HOME_DIR/lib/.stamp" 2>/dev/null)" = "$(sha1sum "$POM" | cut -d' ' -f1)" ]
}

install() {
  command -v mvn >/dev/null || apt_install maven
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  log "fetching veraPDF from Maven Central"
  rm -rf "$HOME_DIR/lib"
  mkdir -p "$HOME_DIR"
  # Debian's mvn prints stray colour codes even with -q: keep its output in a file, shown on failure
  if ! mvn -q -B -f "$POM" -Dmaven.repo.local="$SERVICES_DIR/m2" \
    dependency:copy-dependencies -DoutputDirectory="$HOME_DIR/lib" >"$HOME_DIR/mvn.log" 2>&1; then
    tail -n 30 "$HOME_DIR/mvn.log" >&2
    return 1
  fi
  cat >"$LAUNCHER" <<LAUNCH
#!/bin/sh
exec java -Xmx512m -cp "$HOME_DIR/lib/*" org.verapdf.apps.GreenfieldCliWrapper "\$@"
LAUNCH
  chmod +x "$LAUNCHER"
  sha1sum "$POM" | cut -d' ' -f1 >"$HOME_DIR/lib/.stamp"
}

case "${1:-}" in
  start)
    ready || install
    status_line verapdf "$ENDPOINT" installed
    ;;
  stop) status_line verapdf "$ENDPOINT" "nothing to stop" ;;
  status)
    if ready; then status_line verapdf "$ENDPOINT" installed; else
      status_line verapdf "$ENDPOINT" missing
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
