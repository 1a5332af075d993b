"""Book jobs: a portfolio uploaded, run by a worker through the same streaming batch as
``apportion batch``, its results, errors, summary and chart kept for download.

A job is durable: the upload is on disk (fsynced) and the job committed as ``queued``
before the request is answered. The worker (a thread of the server) marks a job
``running``, records progress as it goes and ``done`` (with its summary) or ``failed``
(with the reason) at the end. A job found ``running`` when a server starts was cut off
by a crash: it runs again from its first row (the outputs are replaced whole, so a cut-off
run leaves nothing behind) or, once it has been cut off ``MAX_ATTEMPTS`` times, is marked
failed with that reason; a failed job can be resubmitted. One server runs the jobs of an
archive.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from apportion.io.load import InputError
from apportion.service.auth import Caller, get_session, require_org
from apportion.service.db import BookJob, now, utc
from apportion.service.problems import ProblemError, responses
from apportion.service.settings import Settings

FORMATS = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}
CONTENT_TYPES = {
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
    "text/csv": "csv",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/jsonlines": "jsonl",
}
MAX_ATTEMPTS = 2
"""Runs a job may start: a job cut off by crashes this often is failed, not rerun."""
PROGRESS_EVERY = 0.5
"""Seconds between progress commits."""
PROGRESS_ROWS = 10_000
"""Rows between progress reports from the batch."""

DOWNLOADS = {
    "results": ("results{ext}", None),
    "errors": ("errors.csv", "text/csv"),
    "summary": ("summary.json", "application/json"),
    "chart": ("summary.svg", "image/svg+xml"),
}
MEDIA = {
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv",
    ".jsonl": "application/jsonl",
}


def job_dir(settings: Settings, job_id: str) -> Path:
    return settings.books_dir / job_id


def input_path(settings: Settings, job: BookJob) -> Path:
    return job_dir(settings, job.id) / f"input{FORMATS[job.format]}"


def output_path(settings: Settings, job: BookJob, name: str) -> Path:
    pattern, _ = DOWNLOADS[name]
    return job_dir(settings, job.id) / pattern.format(ext=".parquet")


def format_of(format: str | None, filename: str | None, content_type: str | None) -> str:
    if format:
        if format not in FORMATS:
            raise InputError("query", [("format", "use parquet, csv or jsonl")])
        return format
    if filename:
        for name, suffix in FORMATS.items():
            if filename.lower().endswith(suffix) or (
                name == "jsonl" and filename.lower().endswith(".ndjson")
            ):
                return name
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in CONTENT_TYPES:
        return CONTENT_TYPES[kind]
    raise InputError(
        "query",
        [
            (
                "format",
                "name the portfolio's format: ?format=parquet|csv|jsonl, a filename ending "
                "in .parquet, .csv or .jsonl, or its content type",
            )
        ],
    )


async def receive(chunks: AsyncIterator[bytes], target: Path, limit: int) -> int:
    """Stream an upload to ``target`` (fsynced), refusing it (413) past ``limit`` bytes;
    nothing is left behind on a refusal."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with target.open("xb") as handle:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ProblemError(
                        413, f"the upload is larger than the limit of {limit:,} bytes"
                    )
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            target.parent.rmdir()
        raise
    return size


def create_job(
    session: Session,
    settings: Settings,
    caller: Caller,
    job_id: str,
    filename: str,
    fmt: str,
    size: int,
) -> BookJob:
    """Record an uploaded book as a queued job (committed on return)."""
    stamp = now()
    job = BookJob(
        id=job_id,
        organisation_id=caller.org_id,
        asked_by=caller.key_name,
        created_at=stamp,
        updated_at=stamp,
        filename=filename,
        format=fmt,
        size_bytes=size,
        as_of_requested=None,
        state="queued",
        attempts=0,
        rows_total=None,
        rows_done=0,
    )
    session.add(job)
    session.commit()
    return job


def get_job(session: Session, org: int, job_id: str) -> BookJob | None:
    """The organisation's job ``job_id``, or None (also for another organisation's)."""
    job = session.get(BookJob, job_id)
    return job if job is not None and job.organisation_id == org else None


def job_json(job: BookJob) -> dict[str, Any]:
    base = f"/v1/books/{job.id}"
    return {
        "id": job.id,
        "state": job.state,
        "filename": job.filename,
        "format": job.format,
        "size_bytes": job.size_bytes,
        "created_at": utc(job.created_at).isoformat(),
        "updated_at": utc(job.updated_at).isoformat(),
        "asked_by": job.asked_by,
        "attempts": job.attempts,
        "progress": {"rows_done": job.rows_done, "rows_total": job.rows_total},
        "error": job.error,
        "summary": json.loads(job.summary) if job.summary else None,
        "downloads": (
            {name: f"{base}/{name}" for name in DOWNLOADS} if job.state == "done" else {}
        ),
    }


def count_records(path: Path, fmt: str) -> int | None:
    """The number of rows, read cheaply: Parquet's metadata, else the lines (a CSV's
    header aside; a quoted line break makes this an upper bound)."""
    if fmt == "parquet":
        from apportion.portfolio.batch import count_rows

        return count_rows(path)
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    lines += last != b"\n"
    return max(lines - (fmt == "csv"), 0)


def recover(sessions: sessionmaker[Session], settings: Settings) -> None:
    """After a crash: each job left ``running`` is queued again, or failed once it has
    been cut off ``MAX_ATTEMPTS`` times."""
    with sessions() as session:
        for job in session.scalars(select(BookJob).where(BookJob.state == "running")):
            if job.attempts >= MAX_ATTEMPTS:
                job.state = "failed"
                job.error = (
                    f"the server stopped {job.attempts} times while running this job; "
                    "resubmit it (POST /v1/books/{id}/resubmit)"
                )
            elif not input_path(settings, job).is_file():
                job.state = "failed"
                job.error = "the server stopped while running this job and its upload is lost"
            else:
                job.state = "queued"
                job.error = f"resumed from the first row after a server stop (run {job.attempts})"
            job.updated_at = now()
        session.commit()


def run_job(sessions: sessionmaker[Session], settings: Settings, job_id: str) -> None:
    """Run one queued job to ``done`` or ``failed`` (the same batch as ``apportion batch``)."""
    from apportion.law.california import GOALS, RULEBOOK
    from apportion.portfolio.batch import run_batch
    from apportion.portfolio.chart import summary_svg

    with sessions() as session:
        claimed = session.execute(
            update(BookJob)
            .where(BookJob.id == job_id, BookJob.state == "queued")
            .values(state="running", attempts=BookJob.attempts + 1, updated_at=now())
        )
        session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return
        job = session.get(BookJob, job_id)
        assert job is not None
        source = input_path(settings, job)
        for left in job_dir(settings, job.id).glob(".*"):  # a cut-off run's temporaries
            left.unlink(missing_ok=True)
        if job.rows_total is None:
            job.rows_total = count_records(source, job.format)
        job.rows_done = 0
        session.commit()
        done = [0]
        last = [time.monotonic()]

        def progress(rows: int) -> None:
            done[0] += rows
            if time.monotonic() - last[0] >= PROGRESS_EVERY:
                last[0] = time.monotonic()
                with sessions() as s:
                    s.execute(
                        update(BookJob)
                        .where(BookJob.id == job_id)
                        .values(rows_done=done[0], updated_at=now())
                    )
                    s.commit()

        title = f"Portfolio triage of {job.filename}"
        try:
            result = run_batch(
                source,
                output_path(settings, job, "results"),
                RULEBOOK,
                GOALS,
                errors=output_path(settings, job, "errors"),
                on_batch=progress,
                chunk_size=PROGRESS_ROWS,
                side_files={
                    output_path(settings, job, "chart"): lambda s: summary_svg(s, title),
                    output_path(settings, job, "summary"): lambda s: (
                        json.dumps(s.to_dict(), indent=2) + "\n"
                    ),
                },
            )
        except InputError as exc:
            session.refresh(job)
            job.state, job.updated_at = "failed", now()
            job.error = str(exc).replace(str(source), job.filename)
            session.commit()
            return
        except Exception as exc:
            session.refresh(job)
            job.state, job.updated_at = "failed", now()
            job.error = f"the batch failed: {type(exc).__name__}: {exc}"
            session.commit()
            return
        session.refresh(job)
        summary = result.summary.to_dict()
        job.state, job.updated_at, job.error = "done", now(), None
        job.rows_done = int(summary["rows"])
        job.rows_total = int(summary["rows"])
        job.summary = json.dumps(summary)
        session.commit()


def next_queued(sessions: sessionmaker[Session]) -> str | None:
    with sessions() as session:
        return session.scalar(
            select(BookJob.id)
            .where(BookJob.state == "queued")
            .order_by(BookJob.created_at)
            .limit(1)
        )


class Worker:
    """The server's job runner: one job at a time, in a thread of its own."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]):
        self.settings, self.sessions = settings, sessions
        self.wake = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._loop, name="book-worker", daemon=True)

    def start(self) -> None:
        recover(self.sessions, self.settings)
        self.thread.start()

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.thread.join(timeout=5)

    def run_pending(self) -> int:
        """Run every queued job now (the tests' way in); how many ran."""
        ran = 0
        while (job_id := next_queued(self.sessions)) is not None:
            run_job(self.sessions, self.settings, job_id)
            ran += 1
        return ran

    def _loop(self) -> None:
        while not self.stopping:
            try:
                if self.run_pending() == 0:
                    self.wake.wait(1.0)
                    self.wake.clear()
            except Exception:  # a lost database connection: try again shortly
                time.sleep(1.0)


CallerDep = Annotated[Caller, Depends(require_org)]
SessionDep = Annotated[Session, Depends(get_session)]


def router(settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/v1/books", tags=["books"])

    @api.post(
        "",
        status_code=202,
        responses=responses(401, 413, 422),
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "the portfolio file itself (Parquet, CSV or JSONL)",
                "content": {
                    "application/vnd.apache.parquet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                    "text/csv": {"schema": {"type": "string"}},
                    "application/jsonl": {"schema": {"type": "string"}},
                },
            }
        },
    )
    async def submit(
        request: Request,
        caller: CallerDep,
        session: SessionDep,
        filename: Annotated[str | None, Query(max_length=200)] = None,
        format: Annotated[str | None, Query(description="parquet, csv or jsonl")] = None,
    ) -> JSONResponse:
        """Upload a portfolio (the body is the file, streamed to disk up to the size
        limit): a job is queued and its id returned; poll ``GET /v1/books/{id}``."""
        fmt = format_of(format, filename, request.headers.get("content-type"))
        job_id = str(uuid.uuid4())
        target = job_dir(settings, job_id) / f"input{FORMATS[fmt]}"
        size = await receive(request.stream(), target, settings.max_upload_bytes)
        name = filename or f"book{FORMATS[fmt]}"
        job = create_job(session, settings, caller, job_id, name, fmt, size)
        worker = getattr(request.app.state, "worker", None)
        if worker is not None:
            worker.wake.set()
        return JSONResponse(
            job_json(job), status_code=202, headers={"Location": f"/v1/books/{job.id}"}
        )

    @api.get("", responses=responses(401, 422))
    def list_jobs(
        caller: CallerDep,
        session: SessionDep,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        """The organisation's book jobs, newest first."""
        jobs = session.scalars(
            select(BookJob)
            .where(BookJob.organisation_id == caller.org_id)
            .order_by(BookJob.created_at.desc(), BookJob.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return {"items": [job_json(j) for j in jobs], "offset": offset, "limit": limit}

    @api.get("/{id}", responses=responses(401, 404))
    def status(id: str, caller: CallerDep, session: SessionDep) -> dict[str, Any]:
        """A job's state (queued, running, done, failed), progress and downloads."""
        job = get_job(session, caller.org_id, id)
        if job is None:
            raise ProblemError(404, f"no book job {id!r}")
        return job_json(job)

    @api.post("/{id}/resubmit", status_code=202, responses=responses(401, 404, 409))
    def resubmit(id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
        """Queue a failed job again (its upload is kept)."""
        job = get_job(session, caller.org_id, id)
        if job is None:
            raise ProblemError(404, f"no book job {id!r}")
        if job.state != "failed":
            raise ProblemError(409, f"the job is {job.state}; only a failed job is resubmitted")
        if not input_path(settings, job).is_file():
            raise ProblemError(409, "the job's upload is lost; upload the book again")
        job.state, job.attempts, job.error, job.updated_at = "queued", 0, None, now()
        session.commit()
        worker = getattr(request.app.state, "worker", None)
        if worker is not None:
            worker.wake.set()
        return JSONResponse(job_json(job), status_code=202)

    @api.get("/{id}/{name}", responses=responses(401, 404, 409))
    def download(
        id: str,
        name: str,
        caller: CallerDep,
        session: SessionDep,
    ) -> FileResponse:
        """A done job's ``results`` (Parquet), ``errors`` (CSV), ``summary`` (JSON) or
        ``chart`` (SVG)."""
        job = get_job(session, caller.org_id, id)
        if job is None:
            raise ProblemError(404, f"no book job {id!r}")
        if name not in DOWNLOADS:
            raise ProblemError(404, f"no download {name!r}: use {', '.join(DOWNLOADS)}")
        if job.state != "done":
            raise ProblemError(409, f"the job is {job.state}; its files come when it is done")
        path = output_path(settings, job, name)
        media = DOWNLOADS[name][1] or MEDIA[path.suffix]
        stem = job.filename.rsplit(".", 1)[0]
        return FileResponse(path, media_type=media, filename=f"{stem}.{path.name}")

    return api
