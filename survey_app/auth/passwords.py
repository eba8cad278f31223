"""Argon2id password hashing and the password policy."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id

MIN_LENGTH, MAX_LENGTH = 8, 128
# The most common passwords of public breach lists, one per line.
COMMON_PASSWORDS = frozenset(
    line.strip().lower()
    for line in (Path(__file__).parent / "common_passwords.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable: in the page's language
    (English outside a request, as on the command line)."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(num)s characters.", num=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(num)s characters.", num=MAX_LENGTH)
    if password.lower() in COMMON_PASSWORDS:
        return _("This password is among the most common ones; choose another.")
    return None
