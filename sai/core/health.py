"""/healthz: is every service SAI depends on reachable right now? 200 only when all are; details only to staff."""

import hmac
import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sai.celery import app as celery_app
from sai.search.backends import get_backend
from sai.storage.services import storage_ping

logger = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (sin broker: las tareas se ejecutan en el proceso)"
    with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
    return conn.as_uri()


CHECKS = {
    "database": _database,
    "storage": storage_ping,
    "search": lambda: get_backend().ping(),
    "broker": _broker,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as exc:  # any failure means "down"; the message says which and why
            logger.warning("healthz: %s is down: %s", name, exc)
            results[name] = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:300]}
    return results


def may_see_details(request) -> bool:
    """Which service failed and why (hosts, versions, errors) is for staff or a monitor holding SAI_HEALTHZ_TOKEN."""
    token = settings.SAI_HEALTHZ_TOKEN
    sent = request.headers.get("X-SAI-Healthz-Token", "")
    if token and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    return request.user.is_authenticated and request.user.is_staff


@never_cache
@require_GET
def healthz(request):
    results = run_checks()
    down = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "ok" if not down else "down"}
    if may_see_details(request):
        body.update(down=down, services=results)
    return JsonResponse(body, status=200 if not down else 503)
