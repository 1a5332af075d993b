"""The archive's plain functions (the API and the web app both use them).

Every function takes the caller's organisation: another organisation's id is simply not
found (the routes answer 404, never 403).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from apportion.io.load import InputError, parse_json, parse_matter, parse_yaml
from apportion.model.decision import Decision
from apportion.model.limits import check_day
from apportion.service.db import Assessment, Rulebook, now, utc

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
SOURCE = "body"
"""The name the messages give the request's matter (the CLI gives the file's)."""


class UnsupportedType(Exception):
    def __init__(self, content_type: str):
        super().__init__(
            f"a matter is sent as application/json or application/yaml, not {content_type!r}"
        )


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def read_matter_document(body: bytes, content_type: str | None) -> Any:
    """The plain data in a request's body, held to the bounds of a matter file."""
    from apportion.io.load import MAX_BYTES

    kind = media_type(content_type)
    if kind not in JSON_TYPES + YAML_TYPES:
        raise UnsupportedType(kind or "no content type")
    if len(body) > MAX_BYTES:
        raise InputError(SOURCE, [("(file)", f"larger than {MAX_BYTES // 2**20} MiB")])
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        reason = f"line {line}: byte {exc.start + 1} is not UTF-8 (save the file as UTF-8)"
        raise InputError(SOURCE, [("(file)", reason)]) from None
    if kind in JSON_TYPES:
        return parse_json(text, SOURCE)
    return parse_yaml(text, SOURCE)


def as_of_of(value: str | None) -> dt.date | None:
    """The ``as_of`` query parameter, checked like the CLI's ``--as-of``."""
    if value is None or value == "":
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        reason = f"expected YYYY-MM-DD, got {value!r}"
        if len(value) == 10 and value[4] == value[7] == "-":
            reason = f"{value} is not a date on the calendar ({exc})"
        raise InputError("query", [("as_of", reason)]) from None
    try:
        return check_day(day)
    except ValueError as exc:
        raise InputError("query", [("as_of", str(exc))]) from None


def decide_body(body: bytes, content_type: str | None, as_of: dt.date | None) -> Decision:
    from apportion.decide.decision import decide

    return decide(parse_matter(read_matter_document(body, content_type), SOURCE), as_of)


def _remember_rulebook(session: Session, decision: Decision) -> None:
    """Keep the rules of a rulebook not seen before (a replay compares them)."""
    ref = decision.rulebook
    if session.get(Rulebook, ref.digest) is None:
        from apportion.law.california import MODULES, RULEBOOK
        from apportion.report.rulebook import rules_data

        if RULEBOOK.digest() == ref.digest:
            rules = rules_data(RULEBOOK, [m.DOCTRINE for m in MODULES])
        else:  # pragma: no cover - one rulebook today
            rules = {"rulebook": ref.name, "version": ref.version, "digest": ref.digest}
        session.add(
            Rulebook(digest=ref.digest, name=ref.name, version=ref.version, rules=json.dumps(rules))
        )
        session.flush()


_known_rulebooks: set[str] = set()


def ensure_rulebook(session: Session) -> None:
    """Remember the rulebook this service decides by (once, at start)."""
    from apportion.law.california import RULEBOOK

    digest = RULEBOOK.digest()
    if session.get(Rulebook, digest) is None:
        from apportion.model.decision import RulebookRef

        ref = RulebookRef(name=RULEBOOK.name, version=RULEBOOK.version, digest=digest)
        _remember_rulebook(session, Decision.model_construct(rulebook=ref))
        session.commit()
    _known_rulebooks.add(digest)


def store_assessment(
    session: Session,
    org: int,
    asked_by: str,
    body: bytes,
    content_type: str | None,
    as_of: dt.date | None,
) -> Assessment:
    """Assess the matter in ``body`` and store it with its decision; committed on return.
    Bad input raises :class:`InputError` (or :class:`UnsupportedType`) and stores nothing."""
    decision = decide_body(body, content_type, as_of)
    if decision.rulebook.digest not in _known_rulebooks:
        _remember_rulebook(session, decision)
        _known_rulebooks.add(decision.rulebook.digest)
    row = Assessment(
        id=str(uuid.uuid4()),
        organisation_id=org,
        asked_by=asked_by,
        created_at=now(),
        body=body,
        content_type=media_type(content_type),
        body_digest=hashlib.sha256(body).hexdigest(),
        input_digest=decision.input_digest,
        matter_title=decision.matter,
        statuses=" " + " ".join(c.status for c in decision.claims) + " ",
        rulebook_name=decision.rulebook.name,
        rulebook_version=decision.rulebook.version,
        rulebook_digest=decision.rulebook.digest,
        as_of_requested=as_of,
        as_of=decision.as_of,
        decision=decision.model_dump_json(),
    )
    session.add(row)
    try:
        session.commit()
    except Exception:
        session.rollback()
        _known_rulebooks.discard(decision.rulebook.digest)
        raise
    return row


def get_assessment(session: Session, org: int, id: str) -> Assessment | None:
    """The organisation's assessment ``id``, or None (also for another organisation's)."""
    row = session.get(Assessment, id)
    return row if row is not None and row.organisation_id == org else None


@dataclass
class Page:
    items: list[Assessment]
    total: int
    offset: int
    limit: int


def list_assessments(
    session: Session,
    org: int,
    *,
    matter: str | None = None,
    status: str | None = None,
    created_from: dt.date | None = None,
    created_to: dt.date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page:
    """The organisation's assessments, newest first: ``matter`` matches the title (any
    part, any case), ``status`` any claim's status, the dates the day stored (UTC)."""
    where = [Assessment.organisation_id == org]
    if matter:
        pattern = "%" + matter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(func.lower(Assessment.matter_title).like(pattern.lower(), escape="\\"))
    if status:
        where.append(Assessment.statuses.like(f"% {status} %"))
    if created_from:
        start = dt.datetime.combine(created_from, dt.time(), dt.UTC)
        where.append(Assessment.created_at >= start)
    if created_to:
        end = dt.datetime.combine(created_to + dt.timedelta(days=1), dt.time(), dt.UTC)
        where.append(Assessment.created_at < end)
    total = session.scalar(select(func.count()).select_from(Assessment).where(*where)) or 0
    rows = session.scalars(
        select(Assessment)
        .where(*where)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return Page(list(rows), total, offset, limit)


def summary_of(row: Assessment) -> dict[str, Any]:
    """What a listing shows of one assessment (no decision body)."""
    return {
        "id": row.id,
        "created_at": utc(row.created_at).isoformat(),
        "asked_by": row.asked_by,
        "matter": row.matter_title,
        "statuses": row.statuses.split(),
        "as_of": row.as_of.isoformat(),
        "rulebook": {
            "name": row.rulebook_name,
            "version": row.rulebook_version,
            "digest": row.rulebook_digest,
        },
        "input_digest": row.input_digest,
    }


def assessment_json(row: Assessment) -> bytes:
    """The stored assessment as the API returns it: its record and the Decision, whose
    JSON is the stored text itself (byte for byte what the POST answered)."""
    record = summary_of(row)
    record["as_of_requested"] = row.as_of_requested.isoformat() if row.as_of_requested else None
    record["content_type"] = row.content_type
    record["body_digest"] = row.body_digest
    head = json.dumps(record, ensure_ascii=False)
    return (head[:-1] + ', "decision": ' + row.decision + "}").encode("utf-8")
