"""Start the app as a real ``streamlit run`` server for a browser test, and stop it.

One place for what every end-to-end fixture does: a free loopback port, the
repository's ``src`` first on ``PYTHONPATH``, Streamlit's flags for a test
server, the wait on ``/_stcore/health`` (failing with the end of the server's
log), then terminate, and kill if it does not stop.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 90


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base_url: str) -> bool:
    """Whether the server at ``base_url`` (Streamlit, or nginx in front of it) answers its health check."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def app_env(**extra: str) -> dict[str, str]:
    """This process's environment with the repository's ``src`` first on ``PYTHONPATH`` and ``extra`` set."""
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH")) if p)
    return env


def launch(script: Path | str, port: int, env: dict[str, str], log: Path, warmed: bool = False) -> subprocess.Popen:
    """``streamlit run script`` on ``127.0.0.1:port`` from the repository root (its ``.streamlit``
    config applies), output to ``log``; returns at once. ``warmed``: ``app.py`` started as ``make run``
    starts it (``python -m pma_map.ui.serve``)."""
    how = ["-m", "pma_map.ui.serve"] if warmed else ["-m", "streamlit", "run", str(script)]
    return subprocess.Popen(
        [sys.executable, *how, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_healthy(urls: Iterable[str], procs: list[subprocess.Popen], logs: Iterable[Path], what: str,
                 timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Wait until every URL answers; fail the test with the logs' ends if a process dies or time runs out."""
    urls, logs = list(urls), list(logs)
    deadline = time.monotonic() + timeout_s
    while not all(healthy(u) for u in urls):
        if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
            tails = "\n".join(p.read_text("utf-8", errors="replace")[-2000:] for p in logs if p.exists())
            stop(procs)
            pytest.fail(f"{what} did not start:\n{tails}")
        time.sleep(0.3)


def stop(procs: Iterable[subprocess.Popen]) -> None:
    """Terminate the processes, then kill those still running after 15 s."""
    procs = list(procs)
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def serve(script: Path | str, log_dir: Path, warmed: bool = False, **env: str) -> Iterator[str]:
    """The app (``script``, relative to the repository or absolute) served on a free port with
    ``env`` added to the environment; yields its base URL, stopped on exit. ``warmed``: see
    :func:`launch`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(log_dir) / f"{Path(script).stem}-{port}.log"
    proc = launch(script, port, app_env(**env), log, warmed=warmed)
    try:
        wait_healthy([url], [proc], [log], f"streamlit for {script}")
        yield url
    finally:
        stop([proc])
