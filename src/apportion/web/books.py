"""Books in the browser: upload a portfolio (a book job of the service, run by its
worker), watch its progress, then its summary as charts and tables, its rows filtered,
and any row as a matter, explained."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import polars as pl
import yaml
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import UploadFile

from apportion.decide.decision import decide
from apportion.io.load import InputError, parse_matter
from apportion.law.california import RULEBOOK
from apportion.portfolio.read import scan_portfolio
from apportion.portfolio.results import Filters, by_insurer, rows_page
from apportion.portfolio.rowmatter import row_document
from apportion.service import books as jobs
from apportion.service.auth import Caller
from apportion.service.db import BookJob
from apportion.service.problems import ProblemError
from apportion.service.settings import Settings
from apportion.web import db
from apportion.web.drafts import Draft, new_state
from apportion.web.session import DB, CurrentUser, Who, check_csrf, page

router = APIRouter(include_in_schema=False)

PAGE_ROWS = 50
CHUNK = 1 << 20
FORM_SLACK = 64 * 1024
"""Bytes a multipart form adds around the file (boundaries, headers, the CSRF token)."""


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _job(session: DB, who: Who, job_id: str) -> BookJob:
    job = jobs.get_job(session, who.org_id, job_id)
    if job is None:
        raise HTTPException(404, "no such book")
    return job


def _books_page(session: DB, who: Who, problems: list[str], status: int = 200) -> HTMLResponse:
    listed = session.scalars(
        select(BookJob)
        .where(BookJob.organisation_id == who.org_id)
        .order_by(BookJob.created_at.desc(), BookJob.id.desc())
        .limit(100)
    ).all()
    return page("books.html.j2", status, who=who, jobs=listed, problems=problems)


@router.get("/books", response_class=HTMLResponse)
def books_page(session: DB, who: CurrentUser) -> HTMLResponse:
    return _books_page(session, who, [])


@router.post("/books", response_model=None)
async def upload_book(request: Request, session: DB, who: CurrentUser) -> Response:
    """The upload goes to disk as the API's does (size-limited, fsynced), then a job is
    queued for the server's worker."""
    settings = _settings(request)
    limit = settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        raise HTTPException(411, "the upload must state its length")
    if int(declared) > limit + FORM_SLACK:
        shown = f"file: larger than the limit of {limit:,} bytes"
        return _books_page(session, who, [shown], 413)
    form = await request.form(max_files=1, max_fields=4)
    check_csrf(who, dict(form.items()))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _books_page(session, who, ["file: choose a portfolio file"], 422)
    name = Path(upload.filename).name[:200]
    try:
        fmt = jobs.format_of(None, name, None)
    except InputError:
        shown = f"file: {name}: use a .parquet, .csv or .jsonl portfolio"
        return _books_page(session, who, [shown], 422)
    job_id = str(uuid.uuid4())
    target = jobs.job_dir(settings, job_id) / f"input{jobs.FORMATS[fmt]}"
    try:
        size = await jobs.receive(_chunks(upload), target, limit)
    except ProblemError as problem:
        return _books_page(session, who, [f"file: {problem.detail}"], problem.status)
    caller = Caller(who.org_id, who.org, "", who.who)
    job = jobs.create_job(session, settings, caller, job_id, name, fmt, size)
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake.set()
    return RedirectResponse(f"/books/{job.id}", status_code=303)


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk


@router.get("/books/{job_id}", response_class=HTMLResponse)
def book_page(
    job_id: str,
    request: Request,
    session: DB,
    who: CurrentUser,
    status: str = "",
    decided_by: str = "",
    q: str = "",
    offset: int = 0,
) -> HTMLResponse:
    job = _job(session, who, job_id)
    context: dict[str, Any] = {"job": job, "summary": None}
    if job.state == "done" and job.summary:
        results = jobs.output_path(_settings(request), job, "results")
        summary = json.loads(job.summary)
        filters = Filters(status[:40], decided_by[:80], q[:100])
        found = rows_page(results, filters, max(offset, 0), PAGE_ROWS)
        insurers = by_insurer(results)
        context |= {
            "summary": summary,
            "insurers": insurers,
            "filters": filters,
            "found": found,
            "page_rows": PAGE_ROWS,
            "charts_data": _charts(summary, insurers),
        }
    return page("book.html.j2", who=who, **context)


def _charts(summary: dict[str, Any], insurers: list[dict[str, Any]]) -> dict[str, Any]:
    """What the charts draw (the tables beside them say the same, to the cent)."""
    owners = summary.get("recoverable_cents_by_owner", {})
    top = insurers[:10]
    return {
        "status": {
            "type": "bar",
            "labels": list(summary["by_status"]),
            "datasets": [{"label": "claims", "data": list(summary["by_status"].values())}],
        },
        "rule": {
            "type": "bar",
            "horizontal": True,
            "labels": [k.replace("_", " ") for k in summary["by_decided_by"]],
            "datasets": [{"label": "claims", "data": list(summary["by_decided_by"].values())}],
        },
        "owners": {
            "type": "bar",
            "labels": [OWNER_WORDS.get(k, k) for k in owners],
            "datasets": _ends([owners[k] for k in owners]),
        },
        "insurers": {
            "type": "bar",
            "horizontal": True,
            "labels": [f"{i['insurer']} ({i['layer']})" for i in top],
            "datasets": _ends(top),
        },
    }


OWNER_WORDS = {"insured_recovers": "the insured lawyers", "insurers_recover": "their insurers"}


def _ends(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dollars at least and at most (an unknown most is left out, not drawn as 0)."""
    return [
        {"label": "at least ($)", "data": [g["low"] / 100 for g in groups]},
        {
            "label": "at most ($)",
            "data": [None if g["high"] is None else g["high"] / 100 for g in groups],
        },
    ]


@router.get("/books/{job_id}/download/{name}")
def book_download(
    job_id: str, name: str, request: Request, session: DB, who: CurrentUser
) -> Response:
    job = _job(session, who, job_id)
    if name not in jobs.DOWNLOADS or job.state != "done":
        raise HTTPException(404, "no such download")
    path = jobs.output_path(_settings(request), job, name)
    media = jobs.DOWNLOADS[name][1] or jobs.MEDIA[path.suffix]
    stem = job.filename.rsplit(".", 1)[0]
    return FileResponse(path, media_type=media, filename=f"{stem}.{path.name}")


def _row(request: Request, job: BookJob, number: int) -> tuple[dict[str, Any], list[str]]:
    """The book's row ``number`` as the reader types it, and its problems if rejected."""
    source = jobs.input_path(_settings(request), job)
    portfolio = scan_portfolio(source, RULEBOOK)
    try:
        found = (
            portfolio.frame.filter(pl.col("row") == number)
            .with_columns(portfolio.reasons.alias("__reasons"))
            .collect()
        )
    finally:
        if portfolio.scratch is not None:
            portfolio.scratch.cleanup()
    if found.height == 0:
        raise HTTPException(404, f"the book has no row {number}")
    row = found.row(0, named=True)
    problems = [p for p in str(row.get("__reasons") or "").split("; ") if p] if row["__bad"] else []
    return row, problems


def _title(job: BookJob, row: dict[str, Any]) -> str:
    keys = " v. ".join(str(row[k]) for k in ("claimant", "respondent") if row.get(k))
    matter = f" ({row['matter_id']})" if row.get("matter_id") else ""
    return f"{job.filename}, row {row['row']}: {keys or 'claim'}{matter}"


@router.get("/books/{job_id}/rows/{number}", response_class=HTMLResponse)
def row_page(
    job_id: str, number: int, request: Request, session: DB, who: CurrentUser
) -> HTMLResponse:
    job = _job(session, who, job_id)
    row, problems = _row(request, job, number)
    decision = None
    if not problems:
        decision = decide(parse_matter(row_document(RULEBOOK, row, _title(job, row)), "row"))
    return page(
        "bookrow.html.j2",
        who=who,
        job=job,
        number=number,
        rejected=problems,
        decision=decision,
        problems=[],
        whatif=False,
        changes=[],
    )


@router.get("/books/{job_id}/rows/{number}/matter.yaml")
def row_matter_download(
    job_id: str, number: int, request: Request, session: DB, who: CurrentUser
) -> Response:
    job = _job(session, who, job_id)
    row, problems = _row(request, job, number)
    if problems:
        raise HTTPException(404, "a rejected row is no matter")
    body = yaml.safe_dump(row_document(RULEBOOK, row, _title(job, row)), sort_keys=False)
    stem = job.filename.rsplit(".", 1)[0]
    return Response(
        body.encode(),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{stem}.row-{number}.yaml"'},
    )


@router.post("/books/{job_id}/rows/{number}/open", response_model=None)
async def open_row(
    job_id: str, number: int, request: Request, session: DB, who: CurrentUser
) -> Response:
    """The row as a matter of the organisation's: its interview, what-ifs and memo."""
    form = await request.form(max_files=0, max_fields=4)
    check_csrf(who, dict(form.items()))
    job = _job(session, who, job_id)
    row, problems = _row(request, job, number)
    if problems:
        raise HTTPException(404, "a rejected row is no matter")
    title = _title(job, row)
    document = row_document(RULEBOOK, row, title)
    draft = Draft(new_state(document), title)
    saved = db.Draft(organisation_id=who.org_id, created_by=who.who, title=title, state=draft.state)
    session.add(saved)
    session.commit()
    return RedirectResponse(f"/matters/{saved.id}", status_code=303)
