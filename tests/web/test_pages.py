"""The pages over a local app: sign-in, CSRF, a matter by upload or form, the interview,
the decision and its what-ifs and downloads, the rulebook, and one organisation's privacy."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docx
import yaml
from conftest import MUSSER, csrf_of
from fastapi.testclient import TestClient

Client = tuple[TestClient, str]


def upload(client: TestClient, csrf: str, name: str, body: bytes) -> object:
    return client.post(
        "/matters/upload",
        data={"csrf_token": csrf},
        files={"file": (name, body, "application/yaml")},
        follow_redirects=False,
    )


def musser_without(*facts: str) -> bytes:
    doc = yaml.safe_load(MUSSER.read_text())
    for fact in facts:
        doc["facts"].pop(fact)
    return yaml.safe_dump(doc).encode()


def test_pages_need_a_session_and_the_cookie_is_httponly_samesite(app: object) -> None:
    with TestClient(app) as client:  # type: ignore[arg-type]
        for path in ("/", "/matters/new", "/rules", "/matters/1"):
            assert client.get(path, follow_redirects=False).headers["location"] == "/signin"
        page = client.get("/signin")
        wrong = client.post(
            "/signin",
            data={"email": "ann@acme.test", "password": "nope", "csrf_token": csrf_of(page.text)},
        )
        assert wrong.status_code == 401 and "Wrong email or password" in wrong.text
        page = client.get("/signin")
        done = client.post(
            "/signin",
            data={
                "email": "ann@acme.test",
                "password": "correct horse battery",
                "csrf_token": csrf_of(page.text),
            },
            follow_redirects=False,
        )
        cookie = done.headers["set-cookie"].lower()
        assert "apportion_session=" in cookie and "httponly" in cookie
        assert "samesite=lax" in cookie


def test_sign_in_without_its_csrf_token_is_refused(app: object) -> None:
    with TestClient(app) as client:  # type: ignore[arg-type]
        client.get("/signin")
        done = client.post(
            "/signin", data={"email": "ann@acme.test", "password": "correct horse battery"}
        )
        assert done.status_code == 403


def test_a_form_post_without_the_sessions_csrf_token_is_refused(ann: Client) -> None:
    client, csrf = ann
    body = MUSSER.read_bytes()
    forged = client.post("/matters/upload", files={"file": ("m.yaml", body)})
    assert forged.status_code == 403
    wrong = client.post(
        "/matters/upload", data={"csrf_token": "x" + csrf}, files={"file": ("m.yaml", body)}
    )
    assert wrong.status_code == 403
    assert "No matters yet" in client.get("/").text  # nothing was made


def test_a_bad_upload_names_the_field_and_makes_nothing(ann: Client) -> None:
    client, csrf = ann
    doc = yaml.safe_load(MUSSER.read_text())
    doc["payments"][1]["amount"] = "12,5x"
    done = upload(client, csrf, "bad.yaml", yaml.safe_dump(doc).encode())
    assert done.status_code == 422  # type: ignore[attr-defined]
    assert "bad.yaml: payments.1.amount:" in done.text  # type: ignore[attr-defined]
    assert "not an amount in dollars" in done.text  # type: ignore[attr-defined]
    big = upload(client, csrf, "big.yaml", b"#" * (8 * 2**20 + 10))
    assert big.status_code in (413, 422)  # type: ignore[attr-defined]
    assert "No matters yet" in client.get("/").text


def test_the_form_puts_each_refusal_beside_its_field(ann: Client) -> None:
    client, csrf = ann
    fields = {
        "csrf_token": csrf,
        "title": "Form matter",
        "parties.0.id": "pam",
        "parties.0.name": "Pam",
        "parties.0.kind": "client",
        "parties.1.id": "sandra",
        "parties.1.kind": "attorney",  # no name
        "payments.0.payer": "sandra",
        "payments.0.amount": "lots",
        "action": "create",
    }
    done = client.post("/matters/new", data=fields)
    assert done.status_code == 422
    assert re.search(r'id="err-parties\.1\.name">Field required', done.text)
    assert re.search(r'id="err-payments\.0\.amount">&#39;lots&#39; is not an amount', done.text)
    more = client.post("/matters/new", data={**fields, "action": "add:parties"})
    assert more.status_code == 200 and 'name="parties.4.id"' in more.text


def test_a_party_named_script_shows_as_text(ann: Client) -> None:
    client, csrf = ann
    doc = yaml.safe_load(MUSSER.read_text())
    doc["parties"][3]["name"] = "<script>alert(1)</script>"
    done = upload(client, csrf, "m.yaml", yaml.safe_dump(doc).encode())
    where = done.headers["location"]  # type: ignore[attr-defined]
    for path in (where, where.removesuffix("/interview")):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_interview_asks_by_name_explains_goes_back_and_stops(ann: Client) -> None:
    client, csrf = ann
    done = upload(client, csrf, "m.yaml", musser_without("respondent_caused_same_injury"))
    where = done.headers["location"]  # type: ignore[attr-defined]
    page = client.get(where).text
    assert "Did Douglas Provencher&#39;s breach cause the same" in page
    assert "Why is this asked?" in page and "Western Steamship" in page
    fact = re.search(r'name="fact" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    move = {"csrf_token": csrf, "row": "0", "fact": fact}
    bad = client.post(where, data={**move, "answer": "maybe"})
    assert bad.status_code == 422 and "answer yes or no" in bad.text
    client.post(where, data={**move, "answer": "no", "action": "answer"})
    assert "BARRED" in client.get(where).text
    client.post(where, data={"csrf_token": csrf, "action": "back"})
    page = client.get(where).text
    assert "Did Douglas Provencher&#39;s breach cause the same" in page  # asked again
    client.post(where, data={**move, "answer": "yes", "action": "answer"})
    # Answer nothing else: "I don't know" until the interview stops.
    for _ in range(20):
        page = client.get(where).text
        found = re.search(r'name="fact" value="([^"]+)"', page)
        if not found:
            break
        client.post(where, data={**move, "fact": found.group(1), "action": "unknown"})
    assert "Nothing more to ask" in page
    assert "left unknown and still could" in page and "claimant_fault" in page
    decision = client.get(where.removesuffix("/interview")).text
    assert 'data-status="available"' in decision


def test_the_draft_is_kept_and_skip_for_now_comes_back(ann: Client) -> None:
    client, csrf = ann
    done = upload(client, csrf, "m.yaml", musser_without("respondent_immune"))
    where = done.headers["location"]  # type: ignore[attr-defined]
    first = re.search(r'name="fact" value="([^"]+)"', client.get(where).text).group(1)  # type: ignore[union-attr]
    client.post(where, data={"csrf_token": csrf, "row": "0", "fact": first, "action": "later"})
    page = client.get(where).text  # a new request: the state came from the archive
    second = re.search(r'name="fact" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert second != first
    for _ in range(20):
        found = re.search(r'name="fact" value="([^"]+)"', page)
        if not found or found.group(1) == first:
            break
        client.post(
            where,
            data={"csrf_token": csrf, "row": "0", "fact": found.group(1), "action": "unknown"},
        )
        page = client.get(where).text
    assert "Put off earlier" in page and f'value="{first}"' in page


def test_whatif_and_downloads(ann: Client) -> None:
    client, csrf = ann
    done = upload(client, csrf, "m.yaml", MUSSER.read_bytes())
    where = done.headers["location"].removesuffix("/interview")  # type: ignore[attr-defined]
    page = client.get(where).text
    assert (
        'data-status="available"' in page and 'name="set.respondent_good_faith_settlement"' in page
    )
    flipped = client.get(f"{where}/live", params={"set.respondent_good_faith_settlement": "yes"})
    assert 'data-status="barred"' in flipped.text
    assert 'AVAILABLE → <strong class="changed">BARRED' in flipped.text
    bad = client.get(where, params={"set.claimant_fault": "140"})
    assert bad.status_code == 422 and "claimant_fault:" in bad.text
    memo = client.get(f"{where}/download/memo.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(memo.content)).paragraphs)
    assert "Musser" in text and "attachment" in memo.headers["content-disposition"]
    as_json = client.get(f"{where}/download/decision.json").json()
    assert as_json["claims"][0]["status"] == "available"
    assert "| " in client.get(f"{where}/download/decision.md").text
    again = yaml.safe_load(client.get(f"{where}/download/matter.yaml").text)
    original = copy.deepcopy(yaml.safe_load(MUSSER.read_text()))
    assert again["facts"] == original["facts"] and again["title"] == original["title"]


def test_another_organisation_sees_nothing(ann: Client, otto: Client) -> None:
    client, csrf = ann
    done = upload(client, csrf, "m.yaml", MUSSER.read_bytes())
    where = done.headers["location"]  # type: ignore[attr-defined]
    other, other_csrf = otto
    assert "Musser" not in other.get("/").text
    for path in (
        where,
        where.removesuffix("/interview"),
        where.removesuffix("/interview") + "/download/memo.docx",
    ):
        assert other.get(path).status_code == 404
    moved = other.post(where, data={"csrf_token": other_csrf, "action": "back"})
    assert moved.status_code == 404


def test_the_rulebook_browser_searches(ann: Client) -> None:
    client, _ = ann
    found = client.get("/rules", params={"q": "good faith"}).text
    assert "877.6" in found and "joint_liability" not in found
    rule = client.get("/rules/joint_liability").text
    assert "Western Steamship" in rule and "respondent_immune" in rule
    assert "The law before its authorities" in rule
    assert client.get("/rules/nope").status_code == 404


def test_keep_in_the_archive_replay_and_the_stored_downloads(ann: Client, otto: Client) -> None:
    client, csrf = ann
    done = upload(client, csrf, "m.yaml", MUSSER.read_bytes())
    where = done.headers["location"].removesuffix("/interview")  # type: ignore[attr-defined]
    kept = client.post(f"{where}/archive", data={"csrf_token": csrf}, follow_redirects=False)
    assert kept.status_code == 303
    stored = kept.headers["location"]
    assert stored.startswith("/assessments/")
    page = client.get(stored).text
    assert 'data-status="available"' in page and "ann@acme.test" in page
    assert "Musser v. Provencher" in client.get("/").text.split("In the archive")[1]
    replayed = client.post(f"{stored}/replay", data={"csrf_token": csrf})
    assert "Replayed: identical." in replayed.text
    assert client.post(f"{stored}/replay").status_code == 403  # no token
    matter = client.get(f"{stored}/download/matter")
    assert yaml.safe_load(matter.text)["facts"] == yaml.safe_load(MUSSER.read_text())["facts"]
    other, other_csrf = otto
    assert other.get(stored).status_code == 404
    assert other.post(f"{stored}/replay", data={"csrf_token": other_csrf}).status_code == 404
    assert "Musser" not in other.get("/").text


def test_an_organisation_key_signs_in_as_its_organisation(app: object) -> None:
    from apportion.service.auth import create_key, revoke_key

    with app.state.sessions() as session:  # type: ignore[attr-defined]
        row, key = create_key(session, "Acme Insurance", "claims desk")
    with TestClient(app) as client:  # type: ignore[arg-type]
        page = client.get("/signin")
        done = client.post("/signin", data={"key": key, "csrf_token": csrf_of(page.text)})
        assert done.status_code == 200 and "Matters of Acme Insurance" in done.text
        assert "claims desk (key)" in done.text
    with app.state.sessions() as session:  # type: ignore[attr-defined]
        revoke_key(session, row.id)
    with TestClient(app) as client:  # type: ignore[arg-type]
        page = client.get("/signin")
        refused = client.post("/signin", data={"key": key, "csrf_token": csrf_of(page.text)})
        assert refused.status_code == 401 and "Wrong organisation key" in refused.text


def test_users_create_keeps_only_an_argon2_hash(tmp_path: Path) -> None:
    from sqlalchemy import select
    from typer.testing import CliRunner

    from apportion.cli import app as cli
    from apportion.service.db import open_archive
    from apportion.web import db

    args = ["users", "create", "--org", "Acme", "--email", "Ann@Acme.test", "--password-stdin"]
    args += ["--data-dir", str(tmp_path)]
    done = CliRunner().invoke(cli, args, input="a long password\n")
    assert done.exit_code == 0, done.output
    again = CliRunner().invoke(cli, args, input="a long password\n")
    assert again.exit_code == 2 and "--email: an account 'ann@acme.test' exists" in again.output
    short = CliRunner().invoke(cli, [*args[:5], "bo@acme.test", *args[6:]], input="short\n")
    assert short.exit_code == 2 and "password: at least 10 characters" in short.output
    engine, sessions = open_archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    with sessions() as session:
        users = session.scalars(select(db.User)).all()
        assert [u.email for u in users] == ["ann@acme.test"]
        assert users[0].password_hash.startswith("$argon2id$")
        assert "a long password" not in users[0].password_hash
    engine.dispose()
