"""POST and GET /v1/assessments on both archives: stored, committed, returned unchanged;
bad input a 4xx problem document with the CLI's messages, and nothing stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import MUSSER, ROOT, Service
from sqlalchemy import func, select

from apportion.service.db import Assessment


def count(service: Service) -> int:
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(Assessment)) or 0)


def cli_json(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "apportion", *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_post_stores_the_cli_decision_and_get_returns_it_byte_for_byte(service: Service) -> None:
    done = service.client.post(
        "/v1/assessments",
        content=MUSSER.read_bytes(),
        headers={**service.headers(), "Content-Type": "application/yaml"},
    )
    assert done.status_code == 201, done.text
    record = done.json()
    assert done.headers["location"] == f"/v1/assessments/{record['id']}"
    assert record["decision"] == cli_json("assess", str(MUSSER), "-f", "json")
    assert record["statuses"] == ["available"]
    assert record["asked_by"] == "alice"
    again = service.client.get(f"/v1/assessments/{record['id']}", headers=service.headers())
    assert again.status_code == 200
    assert again.content == done.content
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.get(Assessment, record["id"])
        assert row is not None and row.body == MUSSER.read_bytes()
        assert row.content_type == "application/yaml"


def test_json_body_and_as_of(service: Service) -> None:
    import yaml

    matter = yaml.safe_load(MUSSER.read_text())
    done = service.client.post(
        "/v1/assessments",
        json=json.loads(json.dumps(matter, default=str)),
        headers=service.headers(),
        params={"as_of": "2001-01-01"},
    )
    assert done.status_code == 201, done.text
    record = done.json()
    assert record["as_of_requested"] == "2001-01-01"
    expected = cli_json("assess", str(MUSSER), "-f", "json", "--as-of", "2001-01-01")
    assert record["decision"]["claims"] == expected["claims"]


def test_bad_input_is_a_problem_document_with_the_cli_messages(
    service: Service, tmp_path: Path
) -> None:
    bad = MUSSER.read_text().replace("kind: attorney", "kind: attorny", 1)
    done = service.client.post(
        "/v1/assessments",
        content=bad.encode(),
        headers={**service.headers(), "Content-Type": "application/yaml"},
    )
    assert done.status_code == 422
    assert done.headers["content-type"] == "application/problem+json"
    problem = done.json()
    assert problem["status"] == 422 and problem["instance"] == "/v1/assessments"
    path = tmp_path / "bad-musser.yaml"
    path.write_text(bad)
    cli = subprocess.run(
        [sys.executable, "-m", "apportion", "assess", str(path)], capture_output=True, text=True
    )
    assert cli.returncode == 2
    cli_lines = [line.removeprefix(f"{path}: ") for line in cli.stderr.splitlines()]
    assert [f"{e['field']}: {e['reason']}" for e in problem["errors"]] == cli_lines
    assert problem["errors"][0]["field"].startswith("parties.")
    assert count(service) == 0


def test_unreadable_bodies_are_4xx(sqlite_service: Service) -> None:
    service = sqlite_service
    h = service.headers()
    cases = [
        (b"{", "application/json", 422, "not valid JSON"),
        (b'{"a": 1, "a": 2}', "application/json", 422, "appears twice"),
        (b"- [", "application/yaml", 422, "not valid YAML"),
        (b"\xff\xfe", "application/yaml", 422, "not UTF-8"),
        (b"[]", "application/json", 422, "a matter is a mapping"),
        (b"title: x", "text/plain", 415, "application/json or application/yaml"),
        (b"[" * 100 + b"]" * 100, "application/json", 422, "nested more than"),
    ]
    for body, kind, status, words in cases:
        done = service.client.post(
            "/v1/assessments", content=body, headers={**h, "Content-Type": kind}
        )
        assert done.status_code == status, (body[:20], done.text)
        assert words in done.json()["detail"], done.text
    too_big = b" " * (8 * 2**20 + 1)
    done = service.client.post(
        "/v1/assessments", content=too_big, headers={**h, "Content-Type": "application/yaml"}
    )
    assert done.status_code == 413
    done = service.client.post(
        "/v1/assessments",
        content=MUSSER.read_bytes(),
        headers={**h, "Content-Type": "application/yaml"},
        params={"as_of": "2001-02-30"},
    )
    assert done.status_code == 422
    assert done.json()["errors"] == [
        {
            "field": "as_of",
            "reason": "2001-02-30 is not a date on the calendar (day is out of range for month)",
        }
    ]
    assert count(service) == 0


def test_keys_no_key_wrong_key_revoked_key_are_401(service: Service) -> None:
    from apportion.service.auth import revoke_key

    url = "/v1/assessments"
    for headers in (
        {},
        {"Authorization": "Bearer ak_0000_nope"},
        {"Authorization": service.keys["acme"]},  # no scheme
        {"X-API-Key": service.keys["acme"][:-1] + "x"},
    ):
        done = service.client.get(url, headers=headers)
        assert done.status_code == 401, headers
        assert done.headers["content-type"] == "application/problem+json"
        assert done.json()["status"] == 401
    assert service.client.get(url, headers={"X-API-Key": service.keys["acme"]}).status_code == 200
    with service.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        assert revoke_key(session, service.keys["acme"]) is not None
    done = service.client.get(url, headers=service.headers())
    assert done.status_code == 401 and "revoked" in done.json()["detail"]
    assert service.client.get(url, headers=service.headers("other")).status_code == 200


def test_list_filters_and_pages(service: Service) -> None:
    ids = [service.post_musser()["id"] for _ in range(3)]
    service.post_musser("other")
    h = service.headers()
    page = service.client.get("/v1/assessments", headers=h, params={"limit": 2}).json()
    assert page["total"] == 3 and [i["id"] for i in page["items"]] == ids[::-1][:2]
    assert page["next_offset"] == 2
    rest = service.client.get("/v1/assessments", headers=h, params={"offset": 2}).json()
    assert [i["id"] for i in rest["items"]] == ids[:1] and rest["next_offset"] is None

    def total(**params: str) -> int:
        done = service.client.get("/v1/assessments", headers=h, params=params)
        assert done.status_code == 200, done.text
        return int(done.json()["total"])

    assert total(matter="musser V. PROV") == 3
    assert total(matter="Goodley") == 0
    assert total(matter="%") == 0
    assert total(status="available") == 3
    assert total(status="barred") == 0
    today = page["items"][0]["created_at"][:10]
    assert total(created_from=today, created_to=today) == 3
    assert total(created_to="2000-01-01") == 0
    bad = service.client.get("/v1/assessments", headers=h, params={"created_from": "yesterday"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "created_from"
