"""Importing a resolution workbook from the browser: stage the upload, check it, import it.

The web import is the CLI's importer (`importer.import_resolution_workbook`) with two
additions: every unit the file names must lie in the acting user's manage scope
(`access.can_manage`), and the acting user is recorded (simple-history rows, figure audit).

Between the check and the confirmation the uploaded file waits on disk, under
MEDIA_ROOT/imports/<token>/<original name>.xlsx. The token is random (it names nothing the user
chose) and is remembered in the user's session, so only the user who checked a file can import
it; the original name is kept because the importer's messages and the audit source name the file.
Staged files older than STAGE_HOURS are removed whenever a new file is staged.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.text import get_valid_filename

from nghiquyet.accounts import access

from .importer import ImportResult, import_resolution_workbook

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
STAGE_HOURS = 24
SESSION_KEY = "nq_resolution_imports"
_TOKEN = re.compile(r"[0-9a-f]{32}")


class UploadRefused(ValueError):
    """The upload is not a workbook we accept (size, type); str() is the Vietnamese message."""


def may_import(user) -> bool:
    """The import page is for managers and admins (of some unit); the scope is checked per row."""
    return access.has_any_role(user, access.MANAGE_ROLES)


def import_workbook(path: str | Path, user, *, dry_run: bool) -> ImportResult:
    """Check (dry run) or import the workbook at `path` as `user`: every unit it names must be
    within the user's manage scope, else an error on that cell and nothing is written."""
    return import_resolution_workbook(
        path, dry_run=dry_run, user=user, allowed_unit=lambda unit: access.can_manage(user, unit),
    )


# ----------------------------------------------------------------------------- staging


def stage_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@dataclass(frozen=True)
class Staged:
    token: str
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def _safe_name(name: str) -> str:
    stem = get_valid_filename(Path(name or "").stem)[:80] or "nghi-quyet"
    return f"{stem}.xlsx"


def stage_upload(upload: IO[bytes], name: str, size: int, session: Any) -> Staged:
    """Keep an uploaded workbook until the user confirms the import; remember it in `session`."""
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // 1024 // 1024} MB).")
    if not (name or "").lower().endswith(".xlsx"):
        raise UploadRefused("Chỉ nhận tệp Excel .xlsx theo mẫu nghị quyết.")
    head = upload.read(4)
    if head[:2] != b"PK":  # an .xlsx is a zip container
        raise UploadRefused("Tệp không phải là tệp Excel .xlsx hợp lệ.")
    purge_stale()
    token = secrets.token_hex(16)
    folder = stage_root() / token
    folder.mkdir(parents=True, mode=0o700)
    path = folder / _safe_name(name)
    with path.open("wb") as out:
        out.write(head)
        shutil.copyfileobj(upload, out)
    tokens = dict(session.get(SESSION_KEY) or {})
    tokens[token] = path.name
    session[SESSION_KEY] = tokens
    return Staged(token, path)


def staged(token: str, session: Any) -> Staged | None:
    """The file staged under `token` by this session, or None (unknown, foreign or removed)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    name = (session.get(SESSION_KEY) or {}).get(token)
    if not name:
        return None
    path = stage_root() / token / _safe_name(name)
    return Staged(token, path) if path.is_file() else None


def discard(token: str, session: Any) -> None:
    """Forget a staged file and remove it."""
    tokens = dict(session.get(SESSION_KEY) or {})
    tokens.pop(token, None)
    session[SESSION_KEY] = tokens
    if _TOKEN.fullmatch(token or ""):
        shutil.rmtree(stage_root() / token, ignore_errors=True)


def purge_stale(max_age_hours: float = STAGE_HOURS) -> int:
    """Remove staged files nobody confirmed in time; returns how many were removed."""
    root = stage_root()
    if not root.is_dir():
        return 0
    limit = time.time() - max_age_hours * 3600
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and _TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
