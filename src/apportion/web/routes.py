"""The pages. Every page but sign-in needs a session; every form carries a CSRF token;
every query names the session's organisation (another's id answers 404)."""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from functools import lru_cache
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from apportion.decide.decision import amount_of, decision_of, question_of
from apportion.decide.whatif import parse_settings, with_facts
from apportion.io.load import InputError, parse_json, parse_matter, parse_yaml
from apportion.law.california import RULEBOOK
from apportion.model.decision import Decision
from apportion.service import archive
from apportion.service.auth import caller_of
from apportion.service.problems import ProblemError
from apportion.web import books, db, forms
from apportion.web.drafts import Draft, new_state
from apportion.web.render import STATIC
from apportion.web.security import (
    CSRF_FIELD,
    PRESESSION_COOKIE,
    SESSION_COOKIE,
    digest,
    new_token,
    same,
    verify_password,
)
from apportion.web.session import (
    DB,
    CurrentUser,
    Who,
    check_csrf,
    form_of,
    page,
)

router = APIRouter(include_in_schema=False)
router.include_router(books.router)

SESSION_HOURS = 12
MAX_MATTER_BYTES = 8 * 2**20


def _draft_row(session: Session, who: Who, draft_id: int) -> db.Draft:
    row = session.get(db.Draft, draft_id)
    if row is None or row.organisation_id != who.org_id:
        raise HTTPException(404, "no such matter")
    return row


# --- sign-in --------------------------------------------------------------------------
@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request) -> HTMLResponse:
    token = request.cookies.get(PRESESSION_COOKIE) or new_token()
    response = page("signin.html.j2", csrf=token, who=None, error=None)
    _presession(response, request, token)
    return response


@router.post("/signin", response_model=None)
async def signin(request: Request, session: DB) -> Response:
    fields = await form_of(request)
    token = request.cookies.get(PRESESSION_COOKIE)
    if not same(token, str(fields.get(CSRF_FIELD, ""))):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page")
    email = str(fields.get("email", "")).strip().lower()
    password = str(fields.get("password", ""))
    key = str(fields.get("key", "")).strip()
    signed: tuple[int, int | None, str] | None = None
    if key:  # an organisation key (`apportion keys create --org NAME`)
        try:
            caller = caller_of(session, key)
            signed = (caller.org_id, None, f"{caller.key_name} (key)")
        except ProblemError:
            signed = None
    else:
        user = session.scalars(select(db.User).where(db.User.email == email)).first()
        if user is not None and verify_password(user.password_hash, password):
            signed = (user.organisation_id, user.id, user.email)
    if signed is None:
        fresh = new_token()
        wrong = "Wrong organisation key." if key else "Wrong email or password."
        refused = page("signin.html.j2", 401, csrf=fresh, who=None, error=wrong)
        _presession(refused, request, fresh)
        return refused
    secret = new_token()
    session.add(
        db.WebSession(
            token_hash=digest(secret),
            organisation_id=signed[0],
            user_id=signed[1],
            who=signed[2],
            csrf=new_token(),
            expires_at=db.now() + dt.timedelta(hours=SESSION_HOURS),
        )
    )
    session.commit()
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(PRESESSION_COOKIE, path="/signin")
    return response


def _presession(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        PRESESSION_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/signin",
    )


@router.post("/signout")
async def signout(request: Request, session: DB, who: CurrentUser) -> RedirectResponse:
    check_csrf(who, await form_of(request))
    token = request.cookies.get(SESSION_COOKIE, "")
    row = session.get(db.WebSession, digest(token))
    if row is not None:
        session.delete(row)
        session.commit()
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- home -------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(session: DB, who: CurrentUser) -> HTMLResponse:
    drafts = session.scalars(
        select(db.Draft)
        .where(db.Draft.organisation_id == who.org_id)
        .order_by(db.Draft.updated_at.desc())
    ).all()
    stored = archive.list_assessments(session, who.org_id, limit=50).items
    return page("home.html.j2", who=who, drafts=drafts, stored=stored)


# --- a new matter ---------------------------------------------------------------------
@router.get("/matters/new", response_class=HTMLResponse)
def new_matter_page(who: CurrentUser) -> HTMLResponse:
    return _matter_form(who, forms.MatterForm.from_fields({}))


def _matter_form(
    who: Who,
    form: forms.MatterForm,
    problems: list[tuple[str, str]] | None = None,
    upload_problems: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    placed, loose = forms.errors_by_field(problems or [])
    return page(
        "new.html.j2",
        status,
        who=who,
        form=form,
        sections=forms.SECTIONS,
        errors=placed,
        loose=loose,
        upload_problems=upload_problems or [],
    )


@router.post("/matters/new", response_model=None)
async def new_matter(request: Request, session: DB, who: CurrentUser) -> Response:
    fields = await form_of(request)
    check_csrf(who, fields)
    form = forms.MatterForm.from_fields({k: str(v) for k, v in fields.items()}).compact()
    action = str(fields.get("action", ""))
    if action.startswith("add:"):
        form.add_row(action.removeprefix("add:"))
        return _matter_form(who, form)
    document = form.document()
    try:
        matter = parse_matter(document, "form")
        draft = Draft(new_state(document))  # the facts checked too, as the CLI does
    except InputError as error:
        return _matter_form(who, form, error.problems, status=422)
    return _create(session, who, matter.title, draft)


@router.post("/matters/upload", response_model=None)
async def upload_matter(request: Request, session: DB, who: CurrentUser) -> Response:
    fields = await form_of(request, MAX_MATTER_BYTES + 64 * 1024)
    check_csrf(who, fields)
    upload = fields.get("file")
    empty = forms.MatterForm.from_fields({})
    if upload is None or isinstance(upload, str) or not upload.filename:
        return _matter_form(who, empty, upload_problems=["file: choose a matter file"], status=422)
    name = str(upload.filename)
    data = await upload.read(MAX_MATTER_BYTES + 1)
    try:
        document = read_upload(name, data)
        matter = parse_matter(document, name)
        draft = Draft(new_state(document), name)
    except InputError as error:
        shown = [f"{name}: {path}: {reason}" for path, reason in error.problems]
        return _matter_form(who, empty, upload_problems=shown, status=422)
    return _create(session, who, matter.title, draft)


def read_upload(name: str, data: bytes) -> Any:
    """A matter file's plain data, held to the CLI's bounds (size, UTF-8, YAML or JSON)."""
    if len(data) > MAX_MATTER_BYTES:
        raise InputError(name, [("(file)", f"larger than {MAX_MATTER_BYTES // 2**20} MiB")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"line {line}: byte {exc.start + 1} is not UTF-8 (save the file as UTF-8)"
        raise InputError(name, [("(file)", reason)]) from None
    if name.lower().endswith(".json"):
        return parse_json(text, name)
    return parse_yaml(text, name)


def _create(session: Session, who: Who, title: str, draft: Draft) -> RedirectResponse:
    row = db.Draft(organisation_id=who.org_id, created_by=who.who, title=title, state=draft.state)
    session.add(row)
    session.commit()
    return RedirectResponse(f"/matters/{row.id}/interview", status_code=303)


# --- the interview --------------------------------------------------------------------
@router.get("/matters/{draft_id}/interview", response_class=HTMLResponse)
def interview_page(draft_id: int, session: DB, who: CurrentUser) -> HTMLResponse:
    row = _draft_row(session, who, draft_id)
    return _interview(who, row, Draft(row.state, row.title))


def _interview(
    who: Who, row: db.Draft, draft: Draft, error: str | None = None, typed: str = ""
) -> HTMLResponse:
    result = draft.interview.assessment()
    question = draft.question()
    asked = None
    if question is not None:
        claim = result.claims[question.row]
        names = {p.id: p.name for p in result.matter.parties}
        asked = {
            "q": question,
            "typed": question_of(
                result.rulebook,
                question,
                claim,
                names[claim.row.claimant],
                names[claim.row.respondent],
            ),
            "wording": draft.interview.wording(question),
            "claim": _claim_label(result, question.row),
            "later": (question.row, question.fact.id) in draft.deferred,
        }
    standing = [
        {
            "title": _claim_label(result, i),
            "status": claim.status,
            "recoverable": amount_of(claim, "recoverable"),
        }
        for i, claim in enumerate(result.claims)
    ]
    answered, remaining = draft.answered(), draft.remaining()
    return page(
        "interview.html.j2",
        422 if error else 200,
        who=who,
        row=row,
        asked=asked,
        error=error,
        typed=typed,
        answered=answered,
        remaining=remaining,
        standing=standing,
        several=len(result.claims) > 1,
        unknown=[
            {"fact": q.fact, "claim": _claim_label(result, q.row)}
            for q in draft.interview.skipped_that_matter()
        ],
        can_back=bool(row.state["moves"]),
    )


def _claim_label(result: Any, index: int) -> str:
    claim = result.claims[index]
    names = {p.id: p.name for p in result.matter.parties}
    theory = claim.row.theory.replace("_", " ")
    return f"{names[claim.row.claimant]} v. {names[claim.row.respondent]} ({theory})"


@router.post("/matters/{draft_id}/interview", response_model=None)
async def interview_move(
    draft_id: int, request: Request, session: DB, who: CurrentUser
) -> Response:
    fields = await form_of(request)
    check_csrf(who, fields)
    row = _draft_row(session, who, draft_id)
    draft = Draft(json.loads(json.dumps(row.state)), row.title)
    action = str(fields.get("action", "answer"))
    if action == "back":
        draft.back()
    else:
        row_index = str(fields.get("row", ""))
        question = draft.find(
            int(row_index) if row_index.isdigit() else -1, str(fields.get("fact"))
        )
        if question is None:  # a stale page: the question no longer matters
            return RedirectResponse(f"/matters/{draft_id}/interview", status_code=303)
        if action == "later":
            draft.later(question)
        elif action == "unknown":
            draft.unknown(question)
        else:
            text = str(fields.get("answer", ""))
            try:
                draft.answer(question, text)
            except ValueError as error:
                return _interview(who, row, draft, error=str(error), typed=text)
    row.state = draft.state
    row.updated_at = db.now()
    session.commit()
    return RedirectResponse(f"/matters/{draft_id}/interview", status_code=303)


# --- the decision page ------------------------------------------------------------------
@lru_cache(maxsize=64)
def _decision_cached(key: str) -> Decision:
    state, settings = json.loads(key)
    draft = Draft(state)
    if not settings:
        return draft.decision()
    from apportion.decide.assessment import assess

    interview = draft.interview
    matter = with_facts(interview.matter(), settings)
    return decision_of(assess(matter, interview.as_of))


def _decision(state: dict[str, Any], settings: dict[str, Any] | None = None) -> Decision:
    return _decision_cached(json.dumps([state, settings or {}], sort_keys=True, default=str))


def _settings(request: Request) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """The what-if toggles of a request (``set.FACT=value``), each checked like a --set."""
    chosen: dict[str, str] = {}
    for key, text in request.query_params.multi_items():
        if key.startswith("set.") and text.strip() and text != "as-is":
            chosen[key.removeprefix("set.")] = text.strip()
    try:
        settings = parse_settings([f"{k}={v}" for k, v in chosen.items()], RULEBOOK)
    except InputError as error:
        return {}, chosen, [f"{path.removeprefix('--set ')}: {why}" for path, why in error.problems]
    return settings, chosen, []


def _toggles(decision: Decision) -> list[dict[str, Any]]:
    """The facts a reader may try: the open ones, then those a flip would change."""
    found: dict[str, dict[str, Any]] = {}
    for claim in decision.claims:
        for q in claim.questions:
            found.setdefault(
                q.fact,
                {
                    "fact": q.fact,
                    "label": q.label,
                    "kind": q.kind,
                    "choices": q.choices,
                    "now": None,
                    "why": "open",
                },
            )
        for f in claim.flips:
            for c in f.changes:
                found.setdefault(
                    c.fact,
                    {
                        "fact": c.fact,
                        "label": c.label,
                        "kind": c.kind,
                        "choices": [] if c.kind != "enum" else _enum(c.fact),
                        "now": c.before,
                        "why": "decisive",
                    },
                )
    return list(found.values())


def _enum(fact: str) -> list[str]:
    return list(RULEBOOK.facts[fact].values)


def _decision_context(row: db.Draft, request: Request) -> dict[str, Any]:
    base = _decision(row.state)
    settings, chosen, problems = _settings(request)
    shown = _decision(row.state, settings) if settings else base
    changes = [
        {
            "title": b.title,
            "before": b.status,
            "after": a.status,
            "was": b.recoverable,
            "now": a.recoverable,
        }
        for b, a in zip(base.claims, shown.claims, strict=True)
        if b.status != a.status or b.recoverable != a.recoverable
    ]
    return {
        "row": row,
        "decision": shown,
        "toggles": _toggles(base),
        "chosen": chosen,
        "problems": problems,
        "changes": changes,
        "whatif": bool(settings),
    }


@router.get("/matters/{draft_id}", response_class=HTMLResponse)
def decision_page(draft_id: int, request: Request, session: DB, who: CurrentUser) -> HTMLResponse:
    row = _draft_row(session, who, draft_id)
    context = _decision_context(row, request)
    return page("decision.html.j2", 422 if context["problems"] else 200, who=who, **context)


@router.get("/matters/{draft_id}/live", response_class=HTMLResponse)
def decision_fragment(
    draft_id: int, request: Request, session: DB, who: CurrentUser
) -> HTMLResponse:
    """The decision region alone, for the page's script to swap in after a toggle."""
    row = _draft_row(session, who, draft_id)
    context = _decision_context(row, request)
    return page("_decision.html.j2", 422 if context["problems"] else 200, who=who, **context)


@router.get("/matters/{draft_id}/download/{name}")
def download(draft_id: int, name: str, session: DB, who: CurrentUser) -> Response:
    row = _draft_row(session, who, draft_id)
    draft = Draft(row.state, row.title)
    stem = _stem(row.title)
    if name == "matter.yaml":
        body: bytes = yaml.safe_dump(draft.document(), sort_keys=False, allow_unicode=True).encode(
            "utf-8"
        )
        return _attachment(body, "application/yaml", f"{stem}.yaml")
    return _decision_download(_decision(row.state), name, stem)


def _stem(title: str) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:60].strip("-")
    return stem or "matter"


def _decision_download(decision: Decision, name: str, stem: str) -> Response:
    if name == "decision.json":
        return _attachment(
            decision.model_dump_json(indent=2).encode("utf-8"), "application/json", f"{stem}.json"
        )
    if name == "decision.md":
        from apportion.report.text import render as render_text

        text = render_text(decision, markdown=True)
        return _attachment(text.encode("utf-8"), "text/markdown; charset=utf-8", f"{stem}.md")
    if name == "memo.docx":
        from apportion.report.memo import render_memo

        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return _attachment(render_memo(decision), kind, f"{stem}.docx")
    raise HTTPException(404, "no such download")


def _attachment(body: bytes, kind: str, filename: str) -> Response:
    return Response(
        body,
        media_type=kind,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- the archive -------------------------------------------------------------------------
@router.post("/matters/{draft_id}/archive")
async def archive_matter(
    draft_id: int, request: Request, session: DB, who: CurrentUser
) -> RedirectResponse:
    """Assess the matter as it now stands and keep the decision in the archive (as the
    API's POST /v1/assessments does): replayable, and listed for the organisation."""
    check_csrf(who, await form_of(request))
    row = _draft_row(session, who, draft_id)
    draft = Draft(row.state, row.title)
    body = yaml.safe_dump(draft.document(), sort_keys=False, allow_unicode=True).encode()
    as_of = draft.interview.as_of
    stored = archive.store_assessment(session, who.org_id, who.who, body, "application/yaml", as_of)
    return RedirectResponse(f"/assessments/{stored.id}", status_code=303)


def _stored(session: Session, who: Who, assessment_id: str) -> Any:
    row = archive.get_assessment(session, who.org_id, assessment_id)
    if row is None:
        raise HTTPException(404, "no such assessment")
    return row


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def stored_page(assessment_id: str, session: DB, who: CurrentUser) -> HTMLResponse:
    row = _stored(session, who, assessment_id)
    decision = Decision.model_validate_json(row.decision)
    return page("stored.html.j2", who=who, row=row, decision=decision, replayed=None)


@router.post("/assessments/{assessment_id}/replay", response_class=HTMLResponse)
async def replay_page(
    assessment_id: str, request: Request, session: DB, who: CurrentUser
) -> HTMLResponse:
    check_csrf(who, await form_of(request))
    from apportion.service.replay import replay

    row = _stored(session, who, assessment_id)
    replayed = replay(session, row)
    return page(
        "stored.html.j2", who=who, row=row, decision=replayed["decision"], replayed=replayed
    )


@router.get("/assessments/{assessment_id}/download/{name}")
def stored_download(assessment_id: str, name: str, session: DB, who: CurrentUser) -> Response:
    row = _stored(session, who, assessment_id)
    decision = Decision.model_validate_json(row.decision)
    stem = _stem(row.matter_title)
    if name == "matter":
        suffix = ".json" if "json" in row.content_type else ".yaml"
        return _attachment(row.body, row.content_type, stem + suffix)
    return _decision_download(decision, name, stem)


# --- the rulebook -----------------------------------------------------------------------
@router.get("/rules", response_class=HTMLResponse)
def rules_page(who: CurrentUser, q: str = "") -> HTMLResponse:
    from apportion.web.rulebook import search

    return page("rules.html.j2", who=who, q=q, rules=search(q))


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(rule_id: str, who: CurrentUser) -> HTMLResponse:
    from apportion.web.rulebook import rule_view

    found = rule_view(rule_id)
    if found is None:
        raise HTTPException(404, "no such rule")
    return page("rule.html.j2", who=who, rule=found)


# --- static files -------------------------------------------------------------------------
@router.get("/static/{path:path}")
def static(path: str) -> FileResponse:
    target = (STATIC / path).resolve()
    if not target.is_relative_to(STATIC.resolve()) or not target.is_file():
        raise HTTPException(404, "no such file")
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=kind, headers={"Cache-Control": "max-age=3600"})


ERROR_TITLES = {
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    405: "Not here",
    411: "Length required",
    413: "Too large",
    422: "Not accepted",
}


def error_page(status: int, detail: str, headers: dict[str, str]) -> Response:
    """An error as a page, for a person's browser (the API answers problem documents)."""
    if 300 <= status < 400:  # a redirect (to sign in): no page to show
        return Response(status_code=status, headers=headers)
    title = ERROR_TITLES.get(status, "Something went wrong")
    return page("error.html.j2", status, who=None, title=title, detail=detail, code=status)
