#!/bin/sh
# One image, three roles: web (gunicorn), worker (celery worker), beat (celery beat). Migrations run on web start.
set -e
case "$1" in
  web)
    python manage.py migrate --noinput
    exec gunicorn sai.wsgi:application --bind 0.0.0.0:8000 --workers "${SAI_WEB_WORKERS:-4}" \
      --timeout "${SAI_WEB_TIMEOUT:-120}" --access-logfile -
    ;;
  worker)
    exec celery -A sai worker --loglevel=INFO --concurrency "${SAI_WORKER_CONCURRENCY:-4}"
    ;;
  beat)
    exec celery -A sai beat --loglevel=INFO --schedule /tmp/celerybeat-schedule
    ;;
  *)
    exec "$@"
    ;;
esac
