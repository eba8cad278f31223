"""Argon2id password hashing and the password policy (pure)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id

MIN_LENGTH, MAX_LENGTH = 8, 128
COMMON_PASSWORDS = frozenset(
    """
    password password1 password12 password123 passw0rd 12345678 123456789 1234567890 qwerty123
    qwertyuiop iloveyou sunshine princess football baseball welcome1 welcome123 admin123
    letmein1 monkey123 dragon123 abc12345 11111111 00000000 87654321 trustno1 superman
    changeme changeme1 qwerty12 1q2w3e4r 1q2w3e4r5t zaq12wsx aa123456 password!
    """.split()
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in COMMON_PASSWORDS:
        return "This password is among the most common ones; choose another."
    return None
