"""Local staff accounts (when no OIDC provider is configured): hashes, sign-in, lockout.

Accounts are never stored in the repository. Their argon2 (or bcrypt) hashes
come from, in order:

- the ``[staff]`` table of ``.streamlit/secrets.toml`` (``login = "$argon2id$..."``),
- a ``PMA_MAP_STAFF`` environment variable holding a JSON object ``{"login": "hash"}``,
- ``PMA_MAP_STAFF_<LOGIN>`` environment variables (login in lower case).

After ``MAX_FAILURES`` failed sign-ins within ``WINDOW_S`` seconds an account
is locked for ``LOCK_S`` seconds; the failures are kept in the data folder so
that a restart does not reset them. No streamlit here: ``ui/auth.py`` draws the form.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from filelock import FileLock

from pma_map import config
from pma_map.errors import PmaError
from pma_map.publish import audit

ENV_JSON = "PMA_MAP_STAFF"
ENV_PREFIX = "PMA_MAP_STAFF_"
MAX_FAILURES = 5
WINDOW_S = 15 * 60
LOCK_S = 15 * 60
FAILURES_FILE = "auth_failures.json"
MIN_PASSWORD_LENGTH = 12
LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

_hasher = PasswordHasher()
# A hash of a random string, checked when the login is unknown so that
# unknown logins take as long as wrong passwords.
_DUMMY_HASH = _hasher.hash(os.urandom(16).hex())


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (refuses passwords shorter than 12 characters)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PmaError("password_too_short", min=MIN_PASSWORD_LENGTH)
    return _hasher.hash(password)


def check_hash(stored: str, password: str) -> bool:
    """True when ``password`` matches an argon2 or bcrypt hash."""
    if stored.startswith("$argon2"):
        try:
            return _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    if stored.startswith(("$2a$", "$2b$", "$2y$")):
        try:
            import bcrypt
        except ImportError:  # pragma: no cover - depends on the installation
            return False
        try:
            return bcrypt.checkpw(password.encode("utf-8"), stored.encode("ascii"))
        except ValueError:
            return False
    return False


def norm_login(login: str) -> str:
    return (login or "").strip().lower()


def load_accounts(env: Mapping[str, str] | None = None,
                  secrets: Mapping | None = None) -> dict[str, str]:
    """Login -> hash, from the secrets ``[staff]`` table and the environment.

    Entries that are not argon2 or bcrypt hashes are ignored: a clear password
    can never be configured by mistake.
    """
    env = os.environ if env is None else env
    found: dict[str, str] = {}
    if secrets and isinstance(secrets.get("staff"), Mapping):
        found.update({norm_login(k): str(v) for k, v in secrets["staff"].items()})
    if env.get(ENV_JSON):
        try:
            data = json.loads(env[ENV_JSON])
        except ValueError:
            raise PmaError("accounts_json", env=ENV_JSON) from None
        found.update({norm_login(k): str(v) for k, v in data.items()})
    for key, value in env.items():
        if key.startswith(ENV_PREFIX) and key != ENV_JSON:
            found[norm_login(key[len(ENV_PREFIX):])] = value
    return {k: v for k, v in found.items()
            if LOGIN_RE.match(k) and v.startswith(("$argon2", "$2a$", "$2b$", "$2y$"))}


class Lockout:
    """Failed sign-ins per login, persisted in a JSON file of the data folder."""

    def __init__(self, path: Path | None = None, *, max_failures: int = MAX_FAILURES,
                 window_s: float = WINDOW_S, lock_s: float = LOCK_S, clock=time.time):
        self.path = Path(path) if path else config.data_dir() / FAILURES_FILE
        self.max_failures, self.window_s, self.lock_s, self.clock = max_failures, window_s, lock_s, clock

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=30)

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save(self, data: dict) -> None:
        from pma_map.publish.store import atomic_write_json

        atomic_write_json(self.path, data)

    def locked_until(self, login: str) -> float | None:
        """Epoch seconds until which ``login`` is locked, or None."""
        entry = self._load().get(norm_login(login), {})
        until = entry.get("locked_until")
        return until if until and until > self.clock() else None

    def failure(self, login: str) -> bool:
        """Count a failure; True when it locks the account."""
        login = norm_login(login)
        with self._lock():
            now = self.clock()
            data = {k: v for k, v in self._load().items()  # forget stale entries
                    if (v.get("locked_until") or 0) > now
                    or any(now - ts < self.window_s for ts in v.get("failures", []))}
            entry = data.get(login, {})
            recent = [ts for ts in entry.get("failures", []) if now - ts < self.window_s] + [now]
            locked = len(recent) >= self.max_failures
            data[login] = {"failures": [] if locked else recent,
                           "locked_until": now + self.lock_s if locked else entry.get("locked_until")}
            self._save(data)
        return locked

    def success(self, login: str) -> None:
        login = norm_login(login)
        with self._lock():
            data = self._load()
            if login in data:
                del data[login]
                self._save(data)


def default_lockout():
    """The lockout of the configured store: ``pma.lockouts`` with ``PMA_MAP_DATABASE_URL``, else the file."""
    url = (os.environ.get("PMA_MAP_DATABASE_URL") or "").strip()
    if url:
        from pma_map.publish.pgstore import PostgisLockout

        return PostgisLockout(url, max_failures=MAX_FAILURES, window_s=WINDOW_S, lock_s=LOCK_S, clock=time.time)
    return Lockout()


@dataclass(frozen=True)
class SignIn:
    """Outcome of a sign-in: ``ok``; else ``reason`` is ``bad_credentials`` or ``locked``."""

    ok: bool
    login: str
    reason: str | None = None
    locked_until: float | None = None


def sign_in(login: str, password: str, accounts: Mapping[str, str],
            lockout: Lockout | None = None) -> SignIn:
    """Check a local account; failures are counted, audited, and lock the account."""
    lockout = lockout or default_lockout()
    login = norm_login(login)
    until = lockout.locked_until(login)
    if until:
        audit.record("signin_failed", login=login, reason="locked")
        return SignIn(False, login, "locked", until)
    stored = accounts.get(login)
    ok = check_hash(stored or _DUMMY_HASH, password or "") and stored is not None
    if ok:
        lockout.success(login)
        audit.record("signin", login=login)
        return SignIn(True, login)
    audit.record("signin_failed", login=login, reason="bad_credentials")
    if lockout.failure(login):
        audit.record("lockout", login=login, minutes=int(lockout.lock_s // 60))
        return SignIn(False, login, "locked", lockout.locked_until(login))
    return SignIn(False, login, "bad_credentials")
