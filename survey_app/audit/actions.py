"""The actions the audit log records: one name each, as the page and the CSV show them."""

from __future__ import annotations

CREATE = "create"
CHANGE = "change"
DELETE = "delete"
OPEN = "open"
CLOSE = "close"
EXPORT = "export"
PDF_DOWNLOAD = "pdf download"
ROLE_CHANGE = "role change"
DEACTIVATE = "deactivate"
REACTIVATE = "reactivate"
SIGN_IN = "sign in"
FAILED_SIGN_IN = "failed sign-in"
SETTINGS_CHANGE = "settings change"
INVITATION_SENT = "invitation sent"
RESET_LINK_SENT = "reset link sent"
ERASE = "erase"
RESPONSES_PRUNED = "responses pruned"
REMINDER_SENT = "reminder sent"
COMMENT_HIDDEN = "comment hidden"
COMMENT_SHOWN = "comment shown"

ALL = (
    CREATE,
    CHANGE,
    DELETE,
    OPEN,
    CLOSE,
    EXPORT,
    PDF_DOWNLOAD,
    ROLE_CHANGE,
    DEACTIVATE,
    REACTIVATE,
    SIGN_IN,
    FAILED_SIGN_IN,
    SETTINGS_CHANGE,
    INVITATION_SENT,
    RESET_LINK_SENT,
    ERASE,
    RESPONSES_PRUNED,
    REMINDER_SENT,
    COMMENT_HIDDEN,
    COMMENT_SHOWN,
)
# The ones a GET may write: reading is recorded, and nothing else happens on a GET.
READS = frozenset({EXPORT, PDF_DOWNLOAD})
# What sending a set-password link is, by the link's purpose (survey_app/models/accounts.py).
LINK_SENT = {"invite": INVITATION_SENT, "reset": RESET_LINK_SENT}
