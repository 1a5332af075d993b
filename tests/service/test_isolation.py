"""An organisation sees only its own decisions and jobs: on every route that takes an
id, another organisation's id answers 404 (as an unknown id does), and listings hold
only the caller's own. Every route but /health, /rules and /schema needs a key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conftest import Service

OPEN = {"/v1/health", "/v1/rules", "/v1/rules/{id}", "/v1/schema/matter", "/v1/schema/decision"}


@dataclass
class Route:
    path: str
    methods: list[str]


def routes(service: Service) -> list[Route]:
    """Every route of the API, as its OpenAPI document lists them."""
    paths = service.client.get("/openapi.json").json()["paths"]
    found = [Route(p, [m.upper() for m in ops]) for p, ops in paths.items() if p.startswith("/v1")]
    assert len(found) >= 12
    return found


def call(service: Service, method: str, path: str, headers: dict[str, str]) -> int:
    body: dict[str, object] = {}
    if path == "/v1/whatif":
        body = {"json": {}}
    return service.client.request(method, path, headers=headers, **body).status_code  # type: ignore[arg-type]


def test_every_route_hides_other_organisations(service: Service, tmp_path: Path) -> None:
    from test_books import submit

    assessment = service.post_musser("acme")["id"]
    book = tmp_path / "b.csv"
    book.write_text("matter_id,claimant,respondent\nm,a,b\n")
    job = submit(service, book, "acme")["id"]
    ids = {"/v1/assessments": assessment, "/v1/books": job}
    own, other = service.headers("acme"), service.headers("other")
    checked = set()
    for route in routes(service):
        if "{id}" not in route.path or route.path in OPEN:
            continue
        id = next(v for prefix, v in ids.items() if route.path.startswith(prefix + "/"))
        path = route.path.replace("{id}", id).replace("{name}", "summary")
        for method in route.methods:
            assert call(service, method, path, other) == 404, (method, route.path)
            unknown = path.replace(id, "00000000-0000-0000-0000-000000000000")
            assert call(service, method, unknown, own) == 404, (method, route.path)
            assert call(service, method, path, own) in (200, 202, 409), (method, route.path)
            checked.add((method, route.path))
    assert {
        ("GET", "/v1/assessments/{id}"),
        ("POST", "/v1/assessments/{id}/replay"),
        ("GET", "/v1/assessments/{id}/questions"),
        ("GET", "/v1/books/{id}"),
        ("POST", "/v1/books/{id}/resubmit"),
        ("GET", "/v1/books/{id}/{name}"),
    } <= checked
    # A what-if on another organisation's stored assessment: 404 too.
    done = service.client.post("/v1/whatif", json={"assessment": assessment}, headers=other)
    assert done.status_code == 404
    assert (
        service.client.post("/v1/whatif", json={"assessment": assessment}, headers=own).status_code
        == 200
    )
    for listing in ("/v1/assessments", "/v1/books"):
        assert service.client.get(listing, headers=other).json()["items"] == []
        assert len(service.client.get(listing, headers=own).json()["items"]) == 1


def test_every_route_but_the_open_ones_needs_a_key(service: Service) -> None:
    for route in routes(service):
        path = route.path.replace("{id}", "x").replace("{name}", "results")
        for method in route.methods:
            status = call(service, method, path, {})
            if route.path in OPEN:
                assert status in (200, 404), (method, route.path)
            else:
                assert status == 401, (method, route.path)
