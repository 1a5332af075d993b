"""Schemathesis against the live OpenAPI of `apportion serve` (a real server process):
no server error on any generated request, and every response conforms to the documented
status codes, content types, headers and schemas. A small, fixed budget per operation
(``EXAMPLES``, derandomized) keeps the run short and repeatable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import liveserver
import pytest
import schemathesis
from conftest import MUSSER
from hypothesis import HealthCheck, given, settings

EXAMPLES = 8
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
"""A matter valid by its JSON Schema may still be refused (422): a party named in a
claim must be one of the matter's parties, dates must come in order, and so on, which a
JSON Schema does not say. Every other check runs."""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data = tmp_path_factory.mktemp("schemathesis")
    key = liveserver.create_key(Path(data), "fuzz")
    with liveserver.serve(Path(data)) as (url, _process):
        import urllib.request

        request = urllib.request.Request(
            f"{url}/v1/assessments",
            data=MUSSER.read_bytes(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/yaml"},
        )
        with urllib.request.urlopen(request) as answer:
            assert answer.status == 201
        yield {"url": url, "headers": {"Authorization": f"Bearer {key}"}}


def test_api_conforms_and_never_fails(live: dict[str, Any]) -> None:
    api = schemathesis.openapi.from_url(f"{live['url']}/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate(
                base_url=live["url"], headers=live["headers"], excluded_checks=EXCLUDED
            )

        try:
            check()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
