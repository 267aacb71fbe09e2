#!/usr/bin/env bash
# Stop the local services that up.sh started (external ones are left alone).
SERVICE_NAME=services
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for name in firma s3 elasticsearch redis postgres; do
  bash "$ROOT/deploy/services/$name.sh" stop || log "$name: stop failed"
done
