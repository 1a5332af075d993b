"""Passwords, session tokens and CSRF tokens.

Passwords are hashed with Argon2id (argon2-cffi); a session cookie carries a random token
whose SHA-256 alone is stored; every form carries the session's CSRF token (or, before
sign-in, the value of a short-lived cookie of its own: a double submit), compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

SESSION_COOKIE = "apportion_session"
PRESESSION_COOKIE = "apportion_presession"
CSRF_FIELD = "csrf_token"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
