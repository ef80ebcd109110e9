"""Staff sign-in module: what it costs to import."""



def test_importing_auth_hashes_nothing():
    """The router imports auth on every first visit: no argon2 hash (about a second of CPU) at import."""
    import subprocess
    import sys

    code = ("import argon2\n"
            "def boom(*a, **k): raise SystemExit('hashed at import')\n"
            "argon2.PasswordHasher.hash = boom\n"
            "import pma_map.publish.auth\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr or done.stdout
