"""People who sign in: created by ``apportion users create --org NAME``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from apportion.web import db
from apportion.web.security import hash_password

MIN_PASSWORD = 10


def create_user(session: Session, org: str, email: str, password: str) -> db.User:
    """A new account of ``org`` (the organisation is made if new); ValueError naming the
    field if the input will not do."""
    email = email.strip().lower()
    org = org.strip()
    if not org or len(org) > 200 or not org.isprintable():
        raise ValueError("--org: a name of 1 to 200 printable characters")
    if email.count("@") != 1 or len(email) > 320 or not email.isprintable() or " " in email:
        raise ValueError(f"--email: {email!r} is not an email address")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password: at least {MIN_PASSWORD} characters")
    if session.scalar(select(db.User).where(db.User.email == email)) is not None:
        raise ValueError(f"--email: an account {email!r} exists already")
    found = session.scalar(select(db.Organisation).where(db.Organisation.name == org))
    if found is None:
        found = db.Organisation(name=org, created_at=db.now())
        session.add(found)
        session.flush()
    user = db.User(organisation_id=found.id, email=email, password_hash=hash_password(password))
    session.add(user)
    session.commit()
    return user
