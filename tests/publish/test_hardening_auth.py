"""Issue 14, sign-in: bounded logins, lockout by login and address that an outsider cannot turn into a
lock of a staff member, the same hash work for unknown logins, disk errors caught."""

from __future__ import annotations

import errno

import bcrypt
import pytest

from pma_map import config
from pma_map.publish import audit, auth

PASSWORD = "correct-horse-battery"


@pytest.fixture
def data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("PMA_MAP_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def accounts(data_dir):
    return {"alice": auth.hash_password(PASSWORD)}


def test_long_login_is_bounded_before_anything_is_written(accounts, data_dir):
    """Three 200 KB logins add well under 1 KB each to the audit log and the failures file (600 KB before)."""
    for _ in range(3):
        result = auth.sign_in("A" * 200_000, "x", accounts, address="10.0.0.9")
        assert not result.ok
    assert (data_dir / audit.AUDIT_FILE).stat().st_size < 3 * 1024
    assert (data_dir / auth.FAILURES_FILE).stat().st_size < 3 * 1024
    assert len(auth.norm_login("B" * 200_000)) <= auth.MAX_LOGIN_CHARS + 1


def test_login_normalised():
    """Logins are NFKC-normalised, stripped and lower-cased (ｆｕｌｌ-width letters are the same login)."""
    assert auth.norm_login("  ＡＬＩＣＥ ") == "alice"


def test_outsider_cannot_lock_staff_out(accounts):
    """Failures from another address do not lock alice where she signs in (any address locked her before)."""
    now = [1000.0]
    lock = lambda: auth.Lockout(clock=lambda: now[0])  # noqa: E731
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="10.0.0.1").ok
    for i in range(auth.MAX_FAILURES + 2):
        auth.sign_in("alice", f"guess-{i}", accounts, lock(), address="203.0.113.7")
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="203.0.113.7").reason == "locked"
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="10.0.0.1").ok


def test_outsider_with_many_addresses_is_rate_limited_without_locking_staff(accounts):
    """Guesses spread over many addresses throttle the login for new addresses only; alice's known address
    still signs in, and the throttle ends after its time."""
    now = [1000.0]
    lock = lambda: auth.Lockout(clock=lambda: now[0], login_max_failures=10)  # noqa: E731
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="10.0.0.1").ok
    for i in range(10):
        auth.sign_in("alice", "guess", accounts, lock(), address=f"198.51.100.{i}")
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="198.51.100.99").reason == "throttled"
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="10.0.0.1").ok
    now[0] += auth.LOCK_S + 1
    assert auth.sign_in("alice", PASSWORD, accounts, lock(), address="198.51.100.99").ok


def test_one_address_guessing_many_logins_is_blocked(accounts):
    """An address that tries many logins is blocked after ADDRESS_MAX_FAILURES, whatever the logins."""
    lockout = auth.Lockout(address_max_failures=4)
    for name in ("bob", "carol", "dave", "erin"):
        auth.sign_in(name, "guess", accounts, lockout, address="192.0.2.1")
    assert auth.sign_in("alice", PASSWORD, accounts, lockout, address="192.0.2.1").reason == "throttled"
    assert auth.sign_in("alice", PASSWORD, accounts, lockout, address="192.0.2.2").ok


def test_unknown_login_costs_the_hash_of_the_accounts_kind(data_dir, monkeypatch):
    """With bcrypt accounts, an unknown login is checked against a bcrypt hash (an argon2 dummy answered
    in 104 ms against 260 ms before: account names leaked)."""
    accounts = {"alice": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()}
    checked = []
    real = auth.check_hash
    monkeypatch.setattr(auth, "check_hash", lambda stored, pw: checked.append(stored[:4]) or real(stored, pw))
    auth.sign_in("alice", "wrong-password", accounts)
    auth.sign_in("mallory", "wrong-password", accounts)
    auth.sign_in("x" * 500, "wrong-password", accounts)
    assert checked == ["$2b$", "$2b$", "$2b$"]


def test_disk_errors_are_caught_and_failures_still_counted(accounts, monkeypatch):
    """When the disk refuses every write, sign-in says so, still counts failures (in memory) and locks."""
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(auth, "atomic_write_json", full)
    monkeypatch.setattr(audit, "record", full)
    monkeypatch.setattr(auth, "_MEMORY", {})
    lockout = auth.Lockout(max_failures=2)
    first = auth.sign_in("alice", "wrong-password", accounts, lockout, address="10.0.0.5")
    assert first.reason == "bad_credentials" and first.disk_error
    second = auth.sign_in("alice", "wrong-password", accounts, auth.Lockout(max_failures=2), address="10.0.0.5")
    assert second.reason == "locked"


LOOPBACK = config.trusted_proxies({})


def test_behind_the_proxy_the_browser_address_is_the_one_nginx_appended():
    """Behind the shipped nginx (peer on loopback), the sign-in limits see the browser's address."""
    assert config.client_address(None, "203.0.113.7", LOOPBACK) == "203.0.113.7"
    assert config.client_address("127.0.0.1", "198.51.100.4, 203.0.113.7", LOOPBACK) == "203.0.113.7"


def test_a_forged_forwarded_for_is_not_believed():
    """A browser writing its own X-Forwarded-For cannot pass for another address."""
    # The browser sent "10.0.0.1" itself; nginx appended the real 203.0.113.7: the right-most wins.
    assert config.client_address(None, "10.0.0.1, 203.0.113.7", LOOPBACK) == "203.0.113.7"
    # Straight to the app (no trusted proxy in between): the header is ignored.
    assert config.client_address("203.0.113.7", "10.0.0.1", LOOPBACK) == "203.0.113.7"
    # A broken hop: the connection's own address.
    assert config.client_address(None, "<script>, 203.0.113.7", LOOPBACK) == "203.0.113.7"
    assert config.client_address(None, "203.0.113.7, x<y", LOOPBACK) is None


def test_proxies_further_away_are_configured_by_cidr():
    """PMA_MAP_TRUSTED_PROXIES names a load balancer's network; a bad entry is named in French."""
    trusted = config.trusted_proxies({"PMA_MAP_TRUSTED_PROXIES": "127.0.0.1, 10.1.0.0/16"})
    assert config.client_address("10.1.2.3", "203.0.113.7, 10.1.9.9", trusted) == "203.0.113.7"
    assert config.client_address(None, "10.1.9.9", trusted) == "10.1.9.9"  # only proxies: the farthest one
    with pytest.raises(ValueError, match="« proxy.example » n'est ni une adresse IP"):
        config.trusted_proxies({"PMA_MAP_TRUSTED_PROXIES": "proxy.example"})


def test_outsiders_behind_the_proxy_no_longer_lock_the_staff_out(accounts, data_dir):
    """Through the proxy, an outsider's failures block the outsider's address, not the staff's."""
    lockout = auth.Lockout()
    staff = config.client_address(None, "192.0.2.10", LOOPBACK)
    outsider = config.client_address(None, "203.0.113.7", LOOPBACK)
    for i in range(auth.ADDRESS_MAX_FAILURES + 2):
        auth.sign_in(f"user{i}", "guess", accounts, lockout, address=outsider)
    assert auth.sign_in("alice", PASSWORD, accounts, lockout, address=outsider).reason in ("locked", "throttled")
    assert auth.sign_in("alice", PASSWORD, accounts, lockout, address=staff).ok


def test_the_sign_in_form_reads_the_forwarded_address(monkeypatch):
    """The staff page's helper hands the proxy's X-Forwarded-For to the limits (None straight from localhost)."""
    from types import SimpleNamespace

    from pma_map.ui import auth as ui_auth

    monkeypatch.delenv("PMA_MAP_TRUSTED_PROXIES", raising=False)
    context = SimpleNamespace(ip_address=None, headers={"X-Forwarded-For": "10.9.8.7, 203.0.113.7"})
    monkeypatch.setattr(ui_auth.st, "context", context)
    assert ui_auth.client_address() == "203.0.113.7"
    context.headers = {}
    assert ui_auth.client_address() is None
    context.ip_address, context.headers = "198.51.100.4", {"X-Forwarded-For": "203.0.113.7"}
    assert ui_auth.client_address() == "198.51.100.4"
    monkeypatch.setenv("PMA_MAP_TRUSTED_PROXIES", "not-an-address")
    assert ui_auth.client_address() == "198.51.100.4"
