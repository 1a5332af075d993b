"""API keys per organisation: made once, kept only as a hash, revocable.

A request names its key as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``;
:func:`require_org` answers the key's organisation or a 401 problem document.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from apportion.service.db import ApiKey, Organisation, now
from apportion.service.problems import ProblemError

PREFIX = "ak"


@dataclass(frozen=True)
class Caller:
    """Who asks: the organisation (its id and name) and the key's name."""

    org_id: int
    org_name: str
    key_id: str
    key_name: str


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, org_name: str, name: str | None = None) -> tuple[ApiKey, str]:
    """A new key for ``org_name`` (the organisation is made if new): the row and the key,
    which is shown this once and never stored."""
    org = session.scalar(select(Organisation).where(Organisation.name == org_name))
    if org is None:
        org = Organisation(name=org_name, created_at=now())
        session.add(org)
        session.flush()
    key_id = secrets.token_hex(8)
    key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    row = ApiKey(
        id=key_id,
        organisation_id=org.id,
        name=name or f"key {key_id}",
        key_hash=_hash(key),
        created_at=now(),
    )
    session.add(row)
    session.commit()
    return row, key


def revoke_key(session: Session, key_id: str) -> ApiKey | None:
    row = session.get(ApiKey, key_id.removeprefix(f"{PREFIX}_").split("_")[0])
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = now()
        session.commit()
    return row


def caller_of(session: Session, key: str | None) -> Caller:
    unauthorized = {"WWW-Authenticate": 'Bearer realm="apportion"'}
    if not key:
        raise ProblemError(
            401,
            "no API key: send `Authorization: Bearer KEY` (or `X-API-Key: KEY`); "
            "make one with `apportion keys create --org NAME`",
            headers=unauthorized,
        )
    prefix, _, rest = key.partition("_")
    key_id = rest.partition("_")[0]
    row = session.get(ApiKey, key_id) if prefix == PREFIX and key_id else None
    if row is None or not hmac.compare_digest(row.key_hash, _hash(key)):
        raise ProblemError(401, "the API key is not known", headers=unauthorized)
    if row.revoked_at is not None:
        raise ProblemError(401, "the API key was revoked", headers=unauthorized)
    org = session.get(Organisation, row.organisation_id)
    assert org is not None
    return Caller(org.id, org.name, row.id, row.name)


_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer KEY")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: KEY")


def get_session(request: Request) -> Any:
    """One session per request, closed after it."""
    session = request.app.state.sessions()
    try:
        yield session
    finally:
        session.close()


def require_org(
    session: Annotated[Session, Depends(get_session)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header: Annotated[str | None, Depends(_header)],
) -> Caller:
    """The caller named by the request's API key, or a 401 problem document."""
    return caller_of(session, bearer.credentials if bearer else header)
