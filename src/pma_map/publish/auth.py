"""Local staff accounts (when no OIDC provider is configured): hashes, sign-in, lockout.

Accounts are never stored in the repository. Their argon2 (or bcrypt) hashes
come from, in order:

- the ``[staff]`` table of ``.streamlit/secrets.toml`` (``login = "$argon2id$..."``),
- a ``PMA_MAP_STAFF`` environment variable holding a JSON object ``{"login": "hash"}``,
- ``PMA_MAP_STAFF_<LOGIN>`` environment variables (login in lower case).

After ``MAX_FAILURES`` failed sign-ins within ``WINDOW_S`` seconds a login is
locked for ``LOCK_S`` seconds *at that client address*; an address and a login
tried from unknown addresses are rate-limited too (see ``Lockout``). The
failures are kept in the data folder so that a restart does not reset them.
No streamlit here: ``ui/auth.py`` draws the form.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import threading
import time
import unicodedata
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from filelock import FileLock

from pma_map import config
from pma_map.errors import PmaError
from pma_map.fileio import atomic_write_json
from pma_map.publish import audit

ENV_JSON = "PMA_MAP_STAFF"
ENV_PREFIX = "PMA_MAP_STAFF_"
MAX_FAILURES = 5
WINDOW_S = 15 * 60
LOCK_S = 15 * 60
FAILURES_FILE = "auth_failures.json"
MIN_PASSWORD_LENGTH = 12
LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MAX_LOGIN_CHARS = 64
MAX_PASSWORD_CHARS = 1024
MAX_ADDRESS_CHARS = 64
#: Failures from one client address (any logins) that block the address.
ADDRESS_MAX_FAILURES = 20
#: Failures on one login from addresses it never signed in from, that throttle those addresses.
LOGIN_MAX_FAILURES = 50
#: Addresses remembered per login (where it signed in successfully).
KNOWN_ADDRESSES = 5
#: Entries kept in the failures file at most.
MAX_ENTRIES = 5000

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random string, checked when the login is unknown and no account exists, so that
    unknown logins take as long as wrong passwords. Made on first use, not at import: hashing costs
    about a second of CPU, which the first visitor of every page would otherwise wait for."""
    return _hasher.hash(os.urandom(16).hex())


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
    """A login bounded (a 200 KB "login" is cut before anything uses it), NFKC-normalised, lower case."""
    text = str(login or "")[:4 * MAX_LOGIN_CHARS]
    return unicodedata.normalize("NFKC", text).strip().lower()[:MAX_LOGIN_CHARS + 1]


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


def client_key(address: str | None) -> str:
    """A client address reduced to a bounded, printable key ("unknown" when not known)."""
    text = "".join(ch for ch in str(address or "") if ch.isalnum() or ch in ".:-_")[:MAX_ADDRESS_CHARS]
    return text or "unknown"


#: Failures counted in memory when the data folder cannot be written (a full disk): path -> data.
_MEMORY: dict[str, dict] = {}
_MEMORY_LOCK = threading.Lock()


class Lockout:
    """Failed sign-ins, persisted in a JSON file of the data folder (in memory if the disk refuses).

    Three counters, so that nobody can lock a staff member out for good:

    - per login *and* client address: ``max_failures`` failures lock that pair (the
      person at that address, for that login) for ``lock_s``;
    - per client address, whatever the logins: ``address_max_failures`` block the address;
    - per login, from addresses that never signed in to it: ``login_max_failures``
      throttle the login for those addresses only. An address where the login signed
      in before is not affected: an outsider cannot lock the staff member out.
    """

    def __init__(self, path: Path | None = None, *, max_failures: int = MAX_FAILURES,
                 window_s: float = WINDOW_S, lock_s: float = LOCK_S, clock=time.time,
                 address_max_failures: int = ADDRESS_MAX_FAILURES,
                 login_max_failures: int = LOGIN_MAX_FAILURES):
        self.path = Path(path) if path else config.data_dir() / FAILURES_FILE
        self.max_failures, self.window_s, self.lock_s, self.clock = max_failures, window_s, lock_s, clock
        self.address_max_failures, self.login_max_failures = address_max_failures, login_max_failures
        self.disk_error = False

    @contextmanager
    def _lock(self):
        with _MEMORY_LOCK:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                lock = FileLock(str(self.path) + ".lock", timeout=30)
                lock.acquire()
            except OSError:
                self.disk_error = True
                lock = None
            try:
                yield
            finally:
                if lock is not None:
                    lock.release()

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            data = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            data = {}
        return {**data, **_MEMORY.get(str(self.path), {})}

    def _save(self, data: dict) -> None:
        if len(data) > MAX_ENTRIES:  # bounded: the oldest entries go first
            newest = sorted(data, key=lambda k: max(data[k].get("failures") or [0]), reverse=True)
            data = {k: data[k] for k in newest[:MAX_ENTRIES]}
        try:
            atomic_write_json(self.path, data)
            _MEMORY.pop(str(self.path), None)
        except OSError:
            self.disk_error = True
            _MEMORY[str(self.path)] = data

    def _until(self, entry: dict | None) -> float | None:
        until = (entry or {}).get("locked_until")
        return until if until and until > self.clock() else None

    def status(self, login: str, address: str | None = None) -> tuple[str, float] | None:
        """``("locked" | "throttled", until)`` when this login may not be tried from this address."""
        login, addr = norm_login(login), client_key(address)
        data = self._load()
        found = []
        if until := self._until(data.get(f"pair:{login}|{addr}")):
            found.append(("locked", until))
        if until := self._until(data.get(f"addr:{addr}")):
            found.append(("throttled", until))
        if addr not in data.get(f"known:{login}", {}).get("addresses", []):
            if until := self._until(data.get(f"login:{login}")):
                found.append(("throttled", until))
        return max(found, key=lambda f: f[1]) if found else None

    def locked_until(self, login: str, address: str | None = None) -> float | None:
        """Epoch seconds until which ``login`` may not be tried from ``address``, or None."""
        found = self.status(login, address)
        return found[1] if found else None

    def _count(self, data: dict, key: str, limit: int, now: float) -> bool:
        entry = data.get(key, {})
        recent = [ts for ts in entry.get("failures", []) if now - ts < self.window_s] + [now]
        locked = len(recent) >= limit
        data[key] = {"failures": [] if locked else recent,
                     "locked_until": now + self.lock_s if locked else entry.get("locked_until")}
        return locked

    def failure(self, login: str, address: str | None = None) -> bool:
        """Count a failure; True when it locks this login at this address."""
        login, addr = norm_login(login), client_key(address)
        with self._lock():
            now = self.clock()
            data = {k: v for k, v in self._load().items()  # forget stale entries
                    if k.startswith("known:") or (v.get("locked_until") or 0) > now
                    or any(now - ts < self.window_s for ts in v.get("failures", []))}
            locked = self._count(data, f"pair:{login}|{addr}", self.max_failures, now)
            self._count(data, f"addr:{addr}", self.address_max_failures, now)
            if addr not in data.get(f"known:{login}", {}).get("addresses", []):
                self._count(data, f"login:{login}", self.login_max_failures, now)
            self._save(data)
        return locked

    def success(self, login: str, address: str | None = None) -> None:
        login, addr = norm_login(login), client_key(address)
        with self._lock():
            data = self._load()
            data.pop(f"pair:{login}|{addr}", None)
            known = [a for a in data.get(f"known:{login}", {}).get("addresses", []) if a != addr]
            data[f"known:{login}"] = {"addresses": ([addr] + known)[:KNOWN_ADDRESSES]}
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
    """Outcome of a sign-in: ``ok``; else ``reason`` is ``bad_credentials``, ``locked`` or
    ``throttled``. ``disk_error``: the server could not write its log or counters (said to the user)."""

    ok: bool
    login: str
    reason: str | None = None
    locked_until: float | None = None
    disk_error: bool = False


def _audit(event: str, **details) -> bool:
    """Audit an event; False when the disk refuses (the sign-in goes on)."""
    try:
        audit.record(event, **details)
        return True
    except OSError:
        return False


def _timing_hash(login: str, accounts: Mapping[str, str]) -> str:
    """The hash an unknown login is checked against: a real account's, picked from the login, so that
    it costs what a wrong password costs (bcrypt and argon2 take different times)."""
    if not accounts:
        return _dummy_hash()
    names = sorted(accounts)
    pick = hashlib.sha256(login.encode("utf-8", "replace")).digest()[0] % len(names)
    return accounts[names[pick]]


def sign_in(login: str, password: str, accounts: Mapping[str, str],
            lockout: Lockout | None = None, address: str | None = None) -> SignIn:
    """Check a local account; failures are counted, audited, and lock the login at that address.

    The login is bounded and normalised before anything is written; an unknown login
    costs the same hash check as a wrong password.
    """
    lockout = lockout or default_lockout()
    login = norm_login(login)
    addr = client_key(address)
    valid = bool(LOGIN_RE.match(login))
    key = login if valid else "?"
    shown = login if valid else login[:MAX_LOGIN_CHARS] + ("…" if len(login) > MAX_LOGIN_CHARS else "")
    status = lockout.status(key, addr)
    if status:
        ok_disk = _audit("signin_failed", login=shown, address=addr, reason=status[0])
        return SignIn(False, key, status[0], status[1], disk_error=not ok_disk or lockout.disk_error)
    stored = accounts.get(login) if valid else None
    password = password or ""
    sane = len(password) <= MAX_PASSWORD_CHARS
    ok = check_hash(stored or _timing_hash(login, accounts), password if sane else "") and stored is not None \
        and sane
    if ok:
        lockout.success(login, addr)
        ok_disk = _audit("signin", login=login, address=addr)
        return SignIn(True, login, disk_error=not ok_disk or lockout.disk_error)
    locked = lockout.failure(key, addr)
    ok_disk = _audit("signin_failed", login=shown, address=addr, reason="bad_credentials")
    if locked:
        ok_disk = _audit("lockout", login=shown, address=addr, minutes=int(lockout.lock_s // 60)) and ok_disk
        return SignIn(False, key, "locked", lockout.locked_until(key, addr),
                      disk_error=not ok_disk or lockout.disk_error)
    return SignIn(False, key, "bad_credentials", disk_error=not ok_disk or lockout.disk_error)
