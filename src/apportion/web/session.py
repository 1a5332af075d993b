"""What every page needs: the archive session, the signed-in person (or the sign-in
page), the posted form within its size limit, the CSRF check, and rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from apportion.web import db
from apportion.web.render import render
from apportion.web.security import CSRF_FIELD, SESSION_COOKIE, digest, same

MAX_FORM_BYTES = 1 * 2**20


def database(request: Request) -> Iterator[Session]:
    factory = request.app.state.sessions
    with factory() as session:
        yield session


DB = Annotated[Session, Depends(database)]


class Who:
    """The signed-in person (or organisation key) of a request."""

    def __init__(self, row: db.WebSession, org: str):
        self.org_id, self.org, self.who, self.csrf = row.organisation_id, org, row.who, row.csrf


def current(request: Request, session: DB) -> Who:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise _signin()
    row = session.get(db.WebSession, digest(token))
    if row is None or aware(row.expires_at) < db.now():
        raise _signin()
    org = session.get(db.Organisation, row.organisation_id)
    assert org is not None
    return Who(row, org.name)


CurrentUser = Annotated[Who, Depends(current)]


def _signin() -> HTTPException:
    """No valid session: to the sign-in page."""
    return HTTPException(303, "sign in first", headers={"Location": "/signin"})


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def form_of(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, Any]:
    """The posted form, refused whole (413) beyond ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the form is larger than {limit // 2**20} MiB")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, f"the form is larger than {limit // 2**20} MiB")
    request._body = bytes(body)  # so that Starlette's form parser reads what was counted
    parsed = await request.form(max_part_size=limit)
    return dict(parsed.multi_items())


def check_csrf(who: Who, fields: dict[str, Any]) -> None:
    if not same(who.csrf, str(fields.get(CSRF_FIELD, ""))):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page")


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(name, **context), status_code=status)
