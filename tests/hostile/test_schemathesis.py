"""Schemathesis against /openapi.json (bounded examples): no request the schema allows gets a server error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from storyline.settings import Settings
from storyline.web.app import create_app
from tests.web.fixture_store import build

TOKEN = "schemathesis-token"
EXAMPLES = 40


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[schemathesis.APIOperation]]:
    path = str(tmp_path_factory.mktemp("st") / "st.db")
    build(path)
    app = create_app(path, token=TOKEN, settings=Settings(db=path, nlp=False, max_document_bytes=20_000))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    yield [result.ok() for result in schema.get_all_operations()]


def test_no_server_errors(operations: list[schemathesis.APIOperation]) -> None:
    assert len(operations) >= 8  # every /api route is in the schema
    for operation in operations:
        assert _fuzz(operation), operation.label


def _fuzz(operation: schemathesis.APIOperation) -> list[int]:
    """Statuses of EXAMPLES generated requests to one operation (each checked for server errors and headers)."""
    seen: list[int] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def check(case: schemathesis.Case) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"} if case.method.upper() == "POST" else None
        response = case.call(headers=headers)
        seen.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error])
        for name in ("content-security-policy", "x-content-type-options"):
            assert name in response.headers, (operation.label, name)

    check()
    return seen
