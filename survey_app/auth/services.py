"""Use cases for accounts: sign-in, user creation, session revocation."""

from __future__ import annotations

from sqlalchemy import select

from ..account.sessions import forget_all_devices, is_signed_in_device
from ..extensions import db
from ..models import Organization, Role, User
from .emails import email_problem
from .passwords import hash_password, password_problem, verify_password

# Verifying against a real hash when the email is unknown keeps both paths equally slow.
_DUMMY_HASH = hash_password("not-a-real-password")


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(cookie_id: str) -> User | None:
    """Flask-Login's loader: the cookie must carry the user's current session token and the
    key of a device that is still signed in (survey_app/account/sessions.py)."""
    user_id, token, key = (cookie_id.split(":") + ["", ""])[:3]
    if not user_id.isdigit() or not token or not key:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    if not is_signed_in_device(user, key):
        return None
    user.session_key = key
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def end_all_sessions(user: User) -> None:
    """Make every cookie issued to this user worthless (logout, deactivation)."""
    forget_all_devices(user)
    db.session.commit()


def set_active(user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account. Deactivation ends every session at once, and a
    later reactivation does not bring the old cookies back: the session token is replaced."""
    user.active = active
    if not active:
        forget_all_devices(user)
    db.session.commit()


def create_user(
    organization: Organization, email: str, name: str, password: str, role: Role
) -> User:
    problem = email_problem(email) or password_problem(password)  # the sign-in form's rule
    if problem:
        raise AccountError(problem)
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"A user with the email {email} already exists.")
    user = User(
        organization=organization,
        email=email,
        name=name.strip() or email,
        password_hash=hash_password(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def get_or_create_organization(name: str) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name)
        db.session.add(org)
        db.session.flush()
    return org
