#!/usr/bin/env bash
# Start (idempotently, on loopback) every real service the test suite needs, then write .services/test.env
# with the variables that point SAI at them and print one status line per service.
# A service whose variable is already set (DATABASE_URL, REDIS_URL, ELASTICSEARCH_URL, SAI_S3_ENDPOINT_URL)
# is used as given and not started here, e.g. with `docker compose -f deploy/compose.yaml up`.
SERVICE_NAME=services
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here="$ROOT/deploy/services"

external() { status_line "$1" "$2" "external (from environment)"; }

bash "$here/browser.sh" start
# Text extraction: Tesseract (Spanish) and poppler for scanned PDFs and images.
bash "$here/ocr.sh" start
# DOCX bodies of oficios → PDF: Debian's LibreOffice Writer, headless.
bash "$here/office.sh" start
# PDF/A validation of SAI's reports in the tests: veraPDF from Maven Central.
bash "$here/verapdf.sh" start

if [ -n "${DATABASE_URL:-}" ]; then external postgres "$DATABASE_URL"; else
  bash "$here/postgres.sh" start
  DATABASE_URL="postgres://sai:sai@127.0.0.1:5432/sai"
fi

if [ -n "${REDIS_URL:-}" ]; then external redis "$REDIS_URL"; else
  bash "$here/redis.sh" start
  REDIS_URL="redis://127.0.0.1:6379/0"
fi

if [ -n "${ELASTICSEARCH_URL:-}" ]; then external elasticsearch "$ELASTICSEARCH_URL"; else
  bash "$here/elasticsearch.sh" start
  ELASTICSEARCH_URL="http://127.0.0.1:9200"
fi

if [ -n "${SAI_S3_ENDPOINT_URL:-}" ]; then external s3 "$SAI_S3_ENDPOINT_URL"; else
  bash "$here/s3.sh" start
  SAI_S3_ENDPOINT_URL="http://127.0.0.1:8333"
  SAI_S3_ACCESS_KEY="sai-dev"
  SAI_S3_SECRET_KEY="sai-dev-secret-key"
fi

# Signature test services: RFC 3161 TSA, OCSP responder and CRLs over the test PKI (plus pdfsig for cross-checks).
# Each checkout has its own PKI; a second checkout on the same machine sets FIRMA_PORT.
export FIRMA_PORT="${FIRMA_PORT:-8790}"
bash "$here/firma.sh" start

cat >"$SERVICES_DIR/test.env" <<ENV
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
CELERY_BROKER_URL=$REDIS_URL
SAI_SEARCH=elasticsearch
ELASTICSEARCH_URL=$ELASTICSEARCH_URL
SAI_ELASTICSEARCH_INDEX_PREFIX=sai_test
SAI_STORAGE=s3
SAI_S3_ENDPOINT_URL=$SAI_S3_ENDPOINT_URL
SAI_S3_ACCESS_KEY=${SAI_S3_ACCESS_KEY:-}
SAI_S3_SECRET_KEY=${SAI_S3_SECRET_KEY:-}
SAI_S3_BUCKET=${SAI_S3_BUCKET:-sai}
SAI_S3_REGION=${SAI_S3_REGION:-us-east-1}
SAI_FIRMA_TSA_URL=http://127.0.0.1:$FIRMA_PORT/tsa
SAI_FIRMA_RAICES=$SERVICES_DIR/firma/pki/raiz.pem
SAI_FIRMA_INTERMEDIOS=$SERVICES_DIR/firma/pki/intermedia.pem
SAI_FIRMA_REVOCACION='{"SAI Pruebas AC Intermedia": {"ocsp": "http://127.0.0.1:$FIRMA_PORT/ocsp", "crl": ["http://127.0.0.1:$FIRMA_PORT/crl/intermedia.crl"]}}'
SAI_FIRMA_NIVEL_DEFAULT=B-LT
SAI_FIRMA_ON_SERVICE_FAILURE=refuse
ENV
log "service settings written to $SERVICES_DIR/test.env"
