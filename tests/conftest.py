"""Shared fixtures. The suite runs against the real services that `make test` starts (see .services/test.env)."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import sync_playwright

from tests.factories import UserFactory
from tests.smtp import smtp_server  # noqa: F401 - the SMTP fixture, for every app's e-mail tests

ROOT = Path(__file__).resolve().parents[1]


# What only the real services give (`make test`): a worker on Redis, and transactions across threads or a live
# server, which on SQLite cannot even be torn down (the flush deletes the append-only bitácora; PostgreSQL
# truncates). Tests that need a service in other ways carry `@pytest.mark.services` themselves.
SERVICE_FIXTURES = {"celery_worker_process", "live_server", "transactional_db"}


def pytest_collection_modifyitems(items):
    """Put every test that needs the real services in the `services` tier, so `make test-fast` can leave it out."""
    for item in items:
        db = item.get_closest_marker("django_db")
        if SERVICE_FIXTURES.intersection(item.fixturenames) or (db and db.kwargs.get("transaction")):
            item.add_marker(pytest.mark.services)


@pytest.fixture
def make_user(db):
    """A user with a profile in a unidad and the given roles (Group names)."""

    def make(*roles: str, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def demo(db):
    """The demo organisation: unidades and one user per role (no module data)."""
    from sai.org.demo import demo_load

    demo_load()


@pytest.fixture
def demo_completo(db):
    """The demo institution exactly as `make run` loads it: organisation plus every app's demo data."""
    call_command("load_demo", "--force", stdout=io.StringIO())  # pytest-django runs with DEBUG off


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker process on the Redis broker, using the test database.

    Per module, not per session: a worker left running would pick up tasks queued by later modules' tests and hold
    row locks while pytest-django truncates the tables after a transactional test (a deadlock that fails the flush).
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail("CELERY_BROKER_URL is not set: run the suite with `make test`, which starts Redis")
    env = dict(os.environ)
    db_url = settings.DATABASE_URL.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env.update(DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="sai.settings.test")
    from sai.celery import app

    # Tasks queued by earlier tests (after-commit kicks with no worker listening) are not this test's business.
    app.control.purge()
    log = open(ROOT / ".services" / "celery-test-worker.log", "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sai", "worker", "--pool=solo", "--loglevel=INFO", "-n", "test@%h"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"celery worker exited with {process.returncode}; see .services/celery-test-worker.log")
        if app.control.ping(timeout=1):
            break
    else:
        process.kill()
        pytest.fail("celery worker did not answer a ping within 60 s")
    yield process
    process.terminate()
    process.wait(timeout=30)
    log.close()


CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium as root on a machine without network: no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    """Real Chromium, per test module: Playwright's sync API keeps an event loop running in the main thread while it
    is open, which would break later modules' code that calls asyncio.run (pyHanko's sync wrappers)."""
    # The ORM used by the fixtures is sync and runs in this thread beside Playwright's loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert os.path.exists(CHROMIUM), "Chromium is installed by deploy/services/browser.sh (make test)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; every browser test also proves the Content-Security-Policy blocked nothing SAI serves."""
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not blocked, f"CSP blocked: {blocked}"
