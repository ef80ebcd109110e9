"""Staff accounts, sign-in lockout and audit; the diff and indicators before/after."""

from __future__ import annotations

import json

import bcrypt
import pytest
from shapely.geometry import Point

from pma_map.catalogue import get_layer
from pma_map.publish import audit, auth
from pma_map.publish.diff import diff_layers, indicators_before_after

PASSWORD = "correct-horse-battery"


@pytest.fixture
def accounts(monkeypatch, tmp_path):
    monkeypatch.setenv("PMA_MAP_DATA_DIR", str(tmp_path / "data"))
    return {"alice": auth.hash_password(PASSWORD)}


def test_accounts_come_from_secrets_and_environment():
    """Hashes are read from [staff] secrets, PMA_MAP_STAFF JSON and PMA_MAP_STAFF_<LOGIN>; clear text is ignored."""
    h1, h2 = auth.hash_password(PASSWORD), bcrypt.hashpw(b"another-password", bcrypt.gensalt(4)).decode()
    env = {"PMA_MAP_STAFF": json.dumps({"Bob": h2}), "PMA_MAP_STAFF_CAROL": h1,
           "PMA_MAP_STAFF_DAVE": "motdepasse-en-clair"}
    found = auth.load_accounts(env, {"staff": {"alice": h1}})
    assert found == {"alice": h1, "bob": h2, "carol": h1}
    assert auth.check_hash(h2, "another-password") and not auth.check_hash(h2, "wrong")
    assert auth.load_accounts({}, None) == {}


def test_sign_in_and_audit(accounts):
    """A good password signs in; a wrong one fails and is audited, without the password."""
    assert auth.sign_in("Alice", PASSWORD, accounts).ok
    failed = auth.sign_in("alice", "wrong-password", accounts)
    assert not failed.ok and failed.reason == "bad_credentials"
    assert not auth.sign_in("mallory", PASSWORD, accounts).ok
    events = audit.read_events("signin_failed")
    assert [e["login"] for e in events] == ["alice", "mallory"]
    assert "wrong-password" not in audit.audit_path().read_text()


def test_lockout_after_repeated_failures(accounts, tmp_path):
    """Five failures lock the account, even for the right password and across restarts; it unlocks later."""
    now = [1000.0]
    lock = lambda: auth.Lockout(clock=lambda: now[0])  # noqa: E731 - a fresh instance = a restart
    for i in range(auth.MAX_FAILURES - 1):
        assert auth.sign_in("alice", f"wrong-{i}", accounts, lock()).reason == "bad_credentials"
    last = auth.sign_in("alice", "wrong-last", accounts, lock())
    assert last.reason == "locked"
    assert auth.sign_in("alice", PASSWORD, accounts, lock()).reason == "locked"
    assert [e["login"] for e in audit.read_events("lockout")] == ["alice"]
    now[0] += auth.LOCK_S + 1
    assert auth.sign_in("alice", PASSWORD, accounts, lock()).ok


def test_no_password_in_repository():
    """No hash or default password is committed in the configuration."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in [root / ".streamlit" / "config.toml", root / "pyproject.toml", root / "app.py"]:
        assert "$argon2" not in path.read_text() and "$2b$" not in path.read_text()
    assert not (root / ".streamlit" / "secrets.toml").exists() or ".streamlit/secrets.toml" in (
        root / ".gitignore").read_text()


def test_diff_by_id(tiny_data):
    """Added, removed and changed features (with the changed fields) are found by id."""
    old = tiny_data["sites_solaires"]
    new = old.copy()
    new.loc[0, "production_gwh_an"] = 25.0
    added = new.iloc[[0]].copy()
    added["id"] = "sol-3"
    import pandas as pd

    new = pd.concat([new.iloc[[0]], added])
    d = diff_layers(old, new, get_layer("sites_solaires"))
    assert d.added == ["sol-3"] and d.removed == ["sol-2"]
    assert d.changed == {"sol-1": ["production_gwh_an"]} and d.unchanged == 0
    moved = old.copy()
    moved.loc[1, "geometry"] = Point(2.72, 50.41)
    assert diff_layers(old, moved, get_layer("sites_solaires")).changed == {"sol-2": ["geometry"]}
    assert diff_layers(old, old.copy(), get_layer("sites_solaires")).unchanged == 2


def test_indicators_before_after(tiny_data):
    """The layer's indicators are computed on the current data and with the new version."""
    new = tiny_data["sites_solaires"].copy()
    new.loc[1, "production_gwh_an"] = 0.9
    rows = {r["key"]: r for r in indicators_before_after(tiny_data, "sites_solaires", new)}
    assert list(rows) == ["solaire_gwh"]
    assert rows["solaire_gwh"]["before"] == pytest.approx(19.1) and rows["solaire_gwh"]["after"] == pytest.approx(20.0)


def test_publishing_strings_in_both_languages():
    """Every publishing string exists in French and English with the same placeholders."""
    import string

    from pma_map.i18n import publish as strings

    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, value in strings.STRINGS.items():
        assert set(value) == {"fr", "en"}, key
        assert fields(value["fr"]) == fields(value["en"]), key


def test_every_validation_code_has_a_message():
    """Each code the reader and the validator can raise has a message in the catalogue."""
    import re
    from pathlib import Path

    from pma_map.i18n import STRINGS

    src = Path(__file__).resolve().parents[2] / "src" / "pma_map" / "publish"
    text = (src / "ingest.py").read_text() + (src / "validation.py").read_text()
    codes = set(re.findall(r'IngestError\("([a-z_0-9]+)"', text))
    codes |= set(re.findall(r'c\.(?:error|warning)\("([a-z_0-9]+)"', text))
    assert len(codes) > 25
    assert [c for c in sorted(codes) if f"val.{c}" not in STRINGS] == []
