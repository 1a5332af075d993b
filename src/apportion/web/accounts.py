"""People who sign in: created by ``apportion users create --org NAME``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from apportion.web import db
from apportion.web.security import hash_password

MIN_PASSWORD = 10


def create_user(session: Session, org: str, email: str, password: str) -> db.User:
    """A new account of ``org``; ValueError naming the field if the input will not do."""
    email = email.strip().lower()
    org = org.strip()
    if not org:
        raise ValueError("--org: give the organisation's name")
    if "@" not in email or len(email) > 320 or any(ch.isspace() for ch in email):
        raise ValueError(f"--email: {email!r} is not an email address")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password: at least {MIN_PASSWORD} characters")
    if session.scalars(select(db.User).where(db.User.email == email)).first() is not None:
        raise ValueError(f"--email: an account {email!r} exists already")
    user = db.User(org=org, email=email, password_hash=hash_password(password))
    session.add(user)
    session.commit()
    return user
