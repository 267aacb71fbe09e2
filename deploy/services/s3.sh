#!/usr/bin/env bash
# Local S3-compatible object store for SAI: SeaweedFS (`weed server -s3`, Apache-2.0), built from
# the Go module proxy (no Docker, no release downloads) and run on 127.0.0.1 with real SigV4 keys.
#
#   deploy/services/s3.sh start|stop|status
#
# Clients use: endpoint http://127.0.0.1:8333, region us-east-1, path-style addressing,
# access key S3_ACCESS_KEY / secret S3_SECRET_KEY (defaults below), bucket S3_BUCKET (sai).
SERVICE_NAME=s3
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# SeaweedFS tags releases as "4.53", not semver, so the module proxy only serves it by
# pseudo-version: this one is the master commit 7506e5f91cd6 of 2026-11-09 (weed version 4.53).
WEED_MODULE=github.com/seaweedfs/seaweedfs
WEED_VERSION=v0.0.0-20261109003541-7506e5f91cd6

S3_PORT="${S3_PORT:-8333}"
S3_ACCESS_KEY="${S3_ACCESS_KEY:-sai-dev}"
S3_SECRET_KEY="${S3_SECRET_KEY:-sai-dev-secret-key}"
S3_BUCKET="${S3_BUCKET:-sai}"
S3_REGION="${S3_REGION:-us-east-1}"
ENDPOINT="http://127.0.0.1:$S3_PORT"

# weed's internal servers; odd ports below the ephemeral range (32768+) so they rarely clash.
# Each gRPC port is its HTTP port + 10000 (weed's convention), set explicitly to be sure.
MASTER_PORT=19333
VOLUME_PORT=19380
FILER_PORT=19388

WEED="$SERVICES_DIR/bin/weed"
GO_DIR="$SERVICES_DIR/go"
DATA_DIR="$SERVICES_DIR/s3"
PID_FILE="$SERVICES_DIR/s3.pid"
LOG_FILE="$SERVICES_DIR/s3.log"

# A SigV4-signed request (curl signs it; S3 wants the payload hash header, unsigned is allowed).
s3_curl() {
  curl -fsS --max-time 10 --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
# An authenticated ListBuckets: the server is up and accepts our keys.
is_up() { s3_curl -o /dev/null "$ENDPOINT/" 2>/dev/null; }
# Writes can lag reads: after a restart weed's master refuses new volume assignments for ~15s
# while it "warms up", so readiness is a real object write (then deleted) in the bucket.
can_write() {
  s3_curl -o /dev/null -X PUT --data-binary ok "$ENDPOINT/$S3_BUCKET/.ready-probe" 2>/dev/null &&
    s3_curl -o /dev/null -X DELETE "$ENDPOINT/$S3_BUCKET/.ready-probe" 2>/dev/null
}

build() {
  # The version stamp makes a second start skip the Go toolchain entirely.
  if [ -x "$WEED" ] && [ "$(cat "$WEED.version" 2>/dev/null)" = "$WEED_VERSION" ]; then return 0; fi
  log "building weed $WEED_VERSION (first time only, several minutes)"
  mkdir -p "$SERVICES_DIR/bin" "$GO_DIR"
  build_weed
  echo "$WEED_VERSION" >"$WEED.version"
}

# A subshell, so the Go settings below stay out of the rest of the script.
build_weed() (
  local go src
  go="$(command -v go || echo /usr/local/go/bin/go)"
  # Everything Go downloads or caches stays under .services/go; -modcacherw keeps it deletable.
  # CGO off: a static binary that needs no C compiler. GOTOOLCHAIN=local: never fetch another Go.
  export GOPATH="$GO_DIR" GOMODCACHE="$GO_DIR/mod" GOCACHE="$GO_DIR/cache" \
    GOFLAGS="-modcacherw -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local GO111MODULE=on
  # `go install module@version` refuses modules whose go.mod has replace directives (weed's does),
  # so fetch the module's source and build inside it, where its go.mod and go.sum apply as written.
  cd "$GO_DIR"
  src="$("$go" mod download -json "$WEED_MODULE@$WEED_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src" ] || { log "could not download $WEED_MODULE@$WEED_VERSION"; exit 1; }
  cd "$src"
  "$go" build -trimpath -ldflags="-s -w" -o "$WEED.tmp" ./weed >&2
  mv "$WEED.tmp" "$WEED"
)

write_identities() {
  # Only this identity exists (no "anonymous"), so unsigned or wrongly signed requests get 403.
  cat >"$DATA_DIR/identities.json" <<EOF
{
  "identities": [
    {
      "name": "sai",
      "credentials": [{"accessKey": "$S3_ACCESS_KEY", "secretKey": "$S3_SECRET_KEY"}],
      "actions": ["Admin", "Read", "List", "Tagging", "Write"]
    }
  ]
}
EOF
  chmod 600 "$DATA_DIR/identities.json"
}

start() {
  if is_up; then service_status; return 0; fi
  if pid_running >/dev/null; then
    log "pid $(pid_running) is running but S3 does not answer; stopping it first"
    service_stop 30
  fi
  apt_install curl ca-certificates
  build
  mkdir -p "$DATA_DIR/data"
  write_identities
  log "starting weed server (log: $LOG_FILE)"
  # setsid: its own process group, so stop can signal the whole group.
  # -ip/-ip.bind keep every listener (HTTP and gRPC) on loopback; telemetry off (no internet);
  # the Iceberg and Lance side ports are off; logs go to stderr (our log file), not to /tmp.
  # Volumes: 64 MB each, at most 32 (2 GB), grown one at a time per bucket instead of 7.
  WEED_MASTER_VOLUME_GROWTH_COPY_1=1 nohup setsid "$WEED" -logtostderr=true server \
    -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$DATA_DIR/data" \
    -master.port="$MASTER_PORT" -master.port.grpc=$((MASTER_PORT + 10000)) \
    -master.peers=none -master.volumeSizeLimitMB=64 -master.telemetry=false \
    -volume.port="$VOLUME_PORT" -volume.port.grpc=$((VOLUME_PORT + 10000)) \
    -volume.max=32 -volume.preStopSeconds=0 \
    -filer -filer.port="$FILER_PORT" -filer.port.grpc=$((FILER_PORT + 10000)) \
    -s3 -s3.port="$S3_PORT" -s3.port.grpc=$((S3_PORT + 10000)) \
    -s3.port.iceberg=0 -s3.port.lance=0 -s3.config="$DATA_DIR/identities.json" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  # On failure show why (the next start stops a process that never answered).
  wait_for "S3 on $ENDPOINT" 120 is_up || { tail -n 20 "$LOG_FILE" >&2; return 1; }
  # Create the bucket if missing; -f makes an unexpected error fail the start.
  if ! s3_curl -o /dev/null -I "$ENDPOINT/$S3_BUCKET" 2>/dev/null; then
    log "creating bucket $S3_BUCKET"
    s3_curl -o /dev/null -X PUT "$ENDPOINT/$S3_BUCKET"
  fi
  wait_for "writes to bucket $S3_BUCKET" 90 can_write || { tail -n 20 "$LOG_FILE" >&2; return 1; }
  service_status
}


case "${1:-}" in
  start) start ;;
  stop) service_stop 30 ;;
  status) service_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
