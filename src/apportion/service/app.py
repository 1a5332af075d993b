"""The service: ``create_app(settings)`` mounts the JSON API under ``/v1`` (and the web
app at ``/`` when ``apportion.web`` is installed)."""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from apportion.io.load import MAX_BYTES, InputError
from apportion.model.decision import Decision
from apportion.model.matter import Matter
from apportion.model.whatif import WhatIf
from apportion.service import archive
from apportion.service.auth import Caller, get_session, require_org
from apportion.service.models import (
    AssessmentPage,
    AssessmentRecord,
    Health,
    QuestionsOut,
    ReplayOut,
    WhatIfIn,
)
from apportion.service.problems import ProblemError, install, responses
from apportion.service.settings import Settings

CallerDep = Annotated[Caller, Depends(require_org)]
SessionDep = Annotated[Session, Depends(get_session)]
AUTH = responses(401, 422)


def _matter_body() -> dict[str, Any]:
    """The OpenAPI request body of a matter: JSON (the matter schema) or YAML text."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Matter"}},
                "application/yaml": {"schema": {"type": "string"}},
            },
        }
    }


def not_found(what: str, id: str) -> ProblemError:
    return ProblemError(404, f"no {what} {id!r}")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it grows past ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProblemError(413, f"the body is larger than {limit // 2**20} MiB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(413, f"the body is larger than {limit // 2**20} MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def api_router() -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/health", response_model=Health, tags=["service"])
    def health(request: Request) -> dict[str, Any]:
        """Whether the service and its archive answer, and the rulebook it decides by."""
        from sqlalchemy import text

        from apportion.law.california import RULEBOOK

        with request.app.state.sessions() as session:
            session.execute(text("select 1"))
        return {
            "status": "ok",
            "database": request.app.state.engine.dialect.name,
            "rulebook": {
                "name": RULEBOOK.name,
                "version": RULEBOOK.version,
                "digest": RULEBOOK.digest(),
            },
        }

    @router.post(
        "/assessments",
        status_code=201,
        response_model=AssessmentRecord,
        responses=responses(401, 413, 415, 422),
        openapi_extra=_matter_body(),
        tags=["assessments"],
    )
    async def create_assessment(
        request: Request,
        caller: CallerDep,
        session: SessionDep,
        as_of: Annotated[
            str | None, Query(description="the law as it stood that day (YYYY-MM-DD)")
        ] = None,
    ) -> Response:
        """Assess a matter (JSON, or YAML with its content type) and store the decision.
        The answer is sent once the archive has committed it."""
        body = await read_body(request, MAX_BYTES)

        def work() -> tuple[str, bytes]:
            try:
                row = archive.store_assessment(
                    session,
                    caller.org_id,
                    caller.key_name,
                    body,
                    request.headers.get("content-type"),
                    archive.as_of_of(as_of),
                )
            except archive.UnsupportedType as exc:
                raise ProblemError(415, str(exc)) from None
            return row.id, archive.assessment_json(row)

        id, data = await run_in_threadpool(work)
        return Response(
            data,
            status_code=201,
            media_type="application/json",
            headers={"Location": f"/v1/assessments/{id}"},
        )

    @router.get(
        "/assessments/{id}",
        response_model=AssessmentRecord,
        responses=responses(401, 404),
        tags=["assessments"],
    )
    def get_assessment(id: str, caller: CallerDep, session: SessionDep) -> Response:
        """A stored assessment: its record and the Decision exactly as first returned."""
        row = archive.get_assessment(session, caller.org_id, id)
        if row is None:
            raise not_found("assessment", id)
        return Response(archive.assessment_json(row), media_type="application/json")

    @router.get(
        "/assessments",
        response_model=AssessmentPage,
        responses=AUTH,
        tags=["assessments"],
    )
    def list_assessments(
        caller: CallerDep,
        session: SessionDep,
        matter: Annotated[str | None, Query(max_length=1000)] = None,
        status: Annotated[str | None, Query(pattern="^(available|barred|undetermined)$")] = None,
        created_from: Annotated[str | None, Query(description="YYYY-MM-DD (UTC)")] = None,
        created_to: Annotated[str | None, Query(description="YYYY-MM-DD (UTC)")] = None,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        """The organisation's assessments, newest first, filtered by matter title (any
        part), a claim's status and the day stored; paginated by offset and limit."""
        page = archive.list_assessments(
            session,
            caller.org_id,
            matter=matter,
            status=status,
            created_from=_day("created_from", created_from),
            created_to=_day("created_to", created_to),
            offset=offset,
            limit=limit,
        )
        following = offset + len(page.items)
        return {
            "items": [archive.summary_of(r) for r in page.items],
            "total": page.total,
            "offset": offset,
            "limit": limit,
            "next_offset": following if following < page.total else None,
        }

    @router.post(
        "/assessments/{id}/replay",
        response_model=ReplayOut,
        responses=responses(401, 404),
        tags=["assessments"],
    )
    def replay(id: str, caller: CallerDep, session: SessionDep) -> dict[str, Any]:
        """Recompute a stored assessment from its input as received and its as-of date:
        whether the decision is identical, and if the rulebook changed since, what."""
        from apportion.service.replay import replay as run

        row = archive.get_assessment(session, caller.org_id, id)
        if row is None:
            raise not_found("assessment", id)
        return run(session, row)

    @router.get(
        "/assessments/{id}/questions",
        response_model=QuestionsOut,
        responses=responses(401, 404),
        tags=["assessments"],
    )
    def questions(id: str, caller: CallerDep, session: SessionDep) -> dict[str, Any]:
        """The questions still open in a stored decision, claim by claim (the most
        decisive first): only facts whose answer could change a result."""
        row = archive.get_assessment(session, caller.org_id, id)
        if row is None:
            raise not_found("assessment", id)
        decision = json.loads(row.decision)
        return {
            "id": row.id,
            "matter": row.matter_title,
            "claims": [
                {
                    "index": c["index"],
                    "claimant": c["claimant"],
                    "respondent": c["respondent"],
                    "status": c["status"],
                    "questions": c["questions"],
                }
                for c in decision["claims"]
            ],
        }

    @router.post(
        "/whatif", response_model=WhatIf, responses=responses(401, 404, 422), tags=["decisions"]
    )
    def whatif(body: WhatIfIn, caller: CallerDep, session: SessionDep) -> Any:
        """What changes when facts are set (a matter given inline, or a stored
        assessment's), with the rules that read them and what would flip each claim."""
        from apportion.service.whatif import run

        matter_doc: Any = body.matter
        source = "body.matter"
        if body.assessment is not None:
            row = archive.get_assessment(session, caller.org_id, body.assessment)
            if row is None:
                raise not_found("assessment", body.assessment)
            matter_doc = archive.read_matter_document(row.body, row.content_type)
            source = archive.SOURCE
        elif matter_doc is None:
            raise InputError("body", [("matter", "give a matter, or the id of an assessment")])
        return run(matter_doc, source, body)

    @router.get("/rules", tags=["rulebook"])
    def rules() -> dict[str, Any]:
        """Every rule of the rulebook, its doctrine, words, authorities and exceptions."""
        return _rules()

    @router.get("/rules/{id}", responses=responses(404), tags=["rulebook"])
    def rule(id: str) -> dict[str, Any]:
        """One rule."""
        data = _rules()
        for found in data["rules"]:
            if found["id"] == id:
                return {"rulebook": data["rulebook"], "version": data["version"], **found}
        raise not_found("rule", id)

    @router.get("/schema/matter", tags=["rulebook"])
    def schema_matter() -> dict[str, Any]:
        """The JSON Schema of a matter (`apportion schema`)."""
        return Matter.model_json_schema(by_alias=True)

    @router.get("/schema/decision", tags=["rulebook"])
    def schema_decision() -> dict[str, Any]:
        """The JSON Schema of the Decision (`apportion schema --decision`)."""
        return Decision.model_json_schema()

    return router


_RULES: dict[str, Any] = {}


def _rules() -> dict[str, Any]:
    if not _RULES:
        from apportion.law.california import MODULES, RULEBOOK
        from apportion.report.rulebook import rules_data

        _RULES.update(rules_data(RULEBOOK, [m.DOCTRINE for m in MODULES]))
    return _RULES


def _day(name: str, value: str | None) -> Any:
    try:
        return archive.as_of_of(value)
    except InputError as exc:
        raise InputError("query", [(name, exc.problems[0][1])]) from None


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service over the archive at ``settings.database_url`` (upgraded to the latest
    migration first)."""
    from apportion.service.db import open_archive

    settings = settings or Settings()
    engine, sessions = open_archive(settings.database_url)
    with sessions() as session:
        archive.ensure_rulebook(session)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.run_worker:
            from apportion.service.books import Worker

            worker = Worker(settings, sessions)
            worker.start()
        app.state.worker = worker
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            engine.dispose()

    app = FastAPI(
        title="apportion",
        version="1",
        summary="Executable, explained rules for sharing a legal-malpractice loss.",
        lifespan=lifespan,
    )
    app.state.settings, app.state.engine, app.state.sessions = settings, engine, sessions
    install(app)
    app.include_router(api_router())
    from apportion.service.books import router as books_router

    app.include_router(books_router(settings))
    try:  # the web app, when installed (no dependency of the service on it)
        web = importlib.import_module("apportion.web.routes")
    except ImportError:
        pass
    else:
        app.include_router(web.router)
        app.state.error_page = web.error_page
    return app
