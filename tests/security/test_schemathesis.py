"""Property-based fuzzing of the whole API from its own OpenAPI schema (`/api/schema/`), as the demo users:
valid and invalid parameters and bodies for every operation; no answer may be a 5xx, and every error is the one
JSON error shape. Bounded (fixed seed, few examples per operation) so it fits in `make test`."""

import contextlib

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from sai.org.demo import DEMO_USERNAMES

MAX_EXAMPLES = 6


@contextlib.contextmanager
def wsgi_app():
    """Django's WSGI app inside the test transaction: like Django's test client, requests must not close the
    connection that holds it (and the test client reconnects the handler after each of its own requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_api_answers_no_5xx_to_fuzzed_requests(demo_completo):
    users = {user.username: user for user in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    admin = Client()
    admin.force_login(users["admin"])
    schema = schemathesis.openapi.from_dict(admin.get("/api/schema/", {"format": "json"}).json())
    tokens = {name: Token.objects.get_or_create(user=user)[0].key for name, user in users.items()}
    failures: list[str] = []

    with wsgi_app() as app:
        for result in schema.get_all_operations():
            _fuzz(result.ok(), app, tokens, failures)
    assert not failures, "\n".join(failures)


def _fuzz(operation, app, tokens: dict, failures: list) -> None:
    """A few valid and a few invalid requests to one operation, each as a demo user drawn by the seed."""
    cases = st.one_of(
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, username=st.sampled_from(sorted(tokens)))
    def run(case, username):
        response = case.call(app=app, headers={"Authorization": f"Token {tokens[username]}"})
        json_error = (response.headers.get("content-type") or [""])[0].startswith("application/json")
        if response.status_code >= 500 or (response.status_code >= 400 and not json_error):
            failures.append(f"{username} {operation.label}: {response.status_code} {case.as_curl_command()}")

    run()
