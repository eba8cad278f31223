"""Parse pasted email lists and ``email,team`` CSV files (pure: no Flask, no database).

The CSV parser never raises for a bad row: it returns the accepted rows and, for every other
row, its line number and the reason, so the leader can fix the file and upload it again.
A file that is not readable as CSV text at all raises :class:`CsvFileError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from ..text import sort_key

MAX_ROWS = 10_000  # a company of 10,000 in one file: stored at once, its mail queued
MAX_PASTED = 1000
HEADER_EMAIL = {"email", "e-mail", "email address", "e-mail address", "mail"}
_SEPARATORS = re.compile(r"[,;\n\r\t]+")
_ANGLE = re.compile(r"<([^<>]*)>")


class CsvFileError(ValueError):
    """The upload as a whole cannot be read; the message is shown as is."""


def normalise_email(raw: str) -> str | None:
    """A syntactically valid address in lower case, or None. No DNS: the app runs offline."""
    text = raw.strip()
    match = _ANGLE.search(text)  # "Ann Lee <ann@example.com>" as pasted from a mail client
    if match:
        text = match.group(1).strip()
    if not text or len(text) > 254:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


@dataclass
class PastedEmails:
    valid: list[str] = field(default_factory=list)  # de-duplicated, in order
    invalid: list[str] = field(default_factory=list)


def parse_pasted(text: str) -> PastedEmails:
    """Split on new lines, commas, semicolons and tabs; duplicates are kept once."""
    result = PastedEmails()
    seen: set[str] = set()
    for chunk in _SEPARATORS.split(text or ""):
        if not chunk.strip():
            continue
        email = normalise_email(chunk)
        if email is None:
            result.invalid.append(chunk.strip())
        elif email not in seen:
            seen.add(email)
            result.valid.append(email)
    return result


@dataclass(frozen=True)
class Rejected:
    line: int
    content: str
    reason: str


@dataclass(frozen=True)
class Accepted:
    line: int
    email: str
    team_id: int | None


@dataclass
class CsvReport:
    accepted: list[Accepted] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM from Excel is fine), or a :class:`CsvFileError` saying what to do."""
    if not data.strip():
        raise CsvFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CsvFileError(
            _(
                "This looks like an Excel workbook. Save it as “CSV UTF-8 (comma delimited)” and "
                "upload the .csv file."
            )
        )
    if b"\x00" in data:
        raise CsvFileError(_("This is not a CSV text file. Upload a .csv file of email,team rows."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            _(
                "The file is not UTF-8 text (unreadable byte at position %(position)s). "
                "Save it as “CSV UTF-8” and upload it again.",
                position=exc.start,
            )
        ) from exc


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse_csv(data: bytes, teams: Mapping[str, int], already_invited: Collection[str]) -> CsvReport:
    """Check every row of an ``email,team`` file against the campaign.

    ``teams`` maps a team name to its id (matched case-insensitively); ``already_invited`` holds the
    lower-case addresses the campaign has already invited. A blank team is accepted: the
    respondent then picks their team in the survey.
    """
    text = decode(data)
    lookup = {name.casefold(): team_id for name, team_id in teams.items()}
    known = ", ".join(sorted(teams, key=sort_key)) or _("this campaign has no teams")
    report = CsvReport()
    first = True
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    pending_blank: list[int] = []
    try:
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                pending_blank.append(line)
                continue
            for blank in pending_blank:  # blank lines at the end of a file are not worth a report
                report.rejected.append(Rejected(blank, "", _("Empty row.")))
            pending_blank = []
            if first and cells[0].lower() in HEADER_EMAIL:
                first = False
                continue
            first = False
            if len(report.accepted) + len(report.rejected) >= MAX_ROWS:
                raise CsvFileError(
                    _("The file has more than %(num)s rows. Split it in parts.", num=MAX_ROWS)
                )
            _check_row(report, line, cells, (lookup, known), already_invited, seen)
    except csv.Error as exc:
        raise CsvFileError(
            _(
                "The file could not be read as CSV near line %(line)s: %(error)s.",
                line=reader.line_num,
                error=exc,
            )
        ) from exc
    return report


def _check_row(
    report: CsvReport,
    line: int,
    cells: list[str],
    teams: tuple[dict[str, int], str],
    already_invited: Collection[str],
    seen: dict[str, int],
) -> None:
    content = ",".join(cells)[:200]
    if len(cells) > 2:
        reason = _("Expected 2 columns (email, team) but found %(num)s.", num=len(cells))
        report.rejected.append(Rejected(line, content, reason))
        return
    email = normalise_email(cells[0])
    if email is None:
        report.rejected.append(
            Rejected(
                line, content, _("“%(value)s” is not a valid email address.", value=cells[0][:80])
            )
        )
        return
    if email in seen:
        report.rejected.append(
            Rejected(line, content, _("Duplicate of line %(line)s in this file.", line=seen[email]))
        )
        return
    seen[email] = line
    if email in already_invited:
        report.rejected.append(Rejected(line, content, _("Already invited to this campaign.")))
        return
    team_name = " ".join(cells[1].split()) if len(cells) == 2 else ""
    team_id = None
    if team_name:
        lookup, known = teams
        team_id = lookup.get(team_name.casefold())
        if team_id is None:
            reason = _(
                "Unknown team “%(team)s” (teams: %(known)s).", team=team_name[:80], known=known
            )
            report.rejected.append(Rejected(line, content, reason))
            return
    report.accepted.append(Accepted(line, email, team_id))
