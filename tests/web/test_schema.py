"""The OpenAPI schema: committed, equal to what the code generates, valid, and honoured by the API under
property-based tests (schemathesis): no server error and every response as documented, for any input."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

COMMITTED = Path(__file__).parents[2] / "src" / "inburgering" / "web" / "api" / "openapi.yaml"


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert COMMITTED.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8"), (
        "src/inburgering/web/api/openapi.yaml is not up to date: run "
        "`.venv/bin/python manage.py spectacular --validate --file src/inburgering/web/api/openapi.yaml`"
    )


def test_the_api_honours_its_schema(chain):
    """Every operation, with generated valid and invalid input, as the DUO account (which sees everyone)."""
    from inburgering.web.wsgi import application

    # As Django's test client does: keep the test's connection (and transaction) open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _check_every_operation(application, chain)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _check_every_operation(application, chain) -> None:
    api = schemathesis.openapi.from_wsgi("/api/v1/schema", application)
    headers = {"Authorization": f"Token {chain['duo'].auth_token.key}"}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 9
    assert sum(operation.get_parameter("cursor", "query") is not None for operation in operations) >= 2
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # An event that fits the schema can still break the law of events (a correction naming no event,
            # both `duur` and `tot`), so for writes a 400 on schema-valid input is allowed; everything else is
            # checked, including that invalid input is refused and that no request causes a server error.
            # Likewise a `cursor` that fits its pattern can name no day (2023-02-31): every list with a cursor
            # refuses that with a 400, so a request that sends one may be refused.
            lenient = case.method == "POST" or "cursor" in (case.query or {})
            excluded = [positive_data_acceptance] if lenient else []
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()
