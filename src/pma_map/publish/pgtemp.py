"""A throw-away PostgreSQL + PostGIS cluster in a temporary folder.

For the tests, the benchmark and trying the shared store on a laptop: Debian's
``initdb``/``pg_ctl`` (``/usr/lib/postgresql/<N>/bin``), trust authentication,
a Unix socket in the cluster's own folder and no TCP port. PostgreSQL refuses
to run as root: as root the cluster belongs to an unprivileged user
(``nobody``) and every server command runs through ``runuser``.

    python -m pma_map.publish.pgtemp     # starts one, prints its address, stops on Ctrl-C
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: One line saying how to get the PostgreSQL tests, printed when they skip.
HOW_TO_GET = ("PostgreSQL + PostGIS absents : installez-les (apt-get install postgresql "
              "postgresql-15-postgis-3, ou bash .ci/run) pour lancer les tests du magasin partagé.")
SUPERUSER = "pma"


def find_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL server folder that also has PostGIS, or None."""
    explicit = os.environ.get("PMA_MAP_PG_BIN")
    candidates = [explicit] if explicit else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for cand in candidates:
        if not cand:
            continue
        bin_dir = Path(cand)
        major = bin_dir.parent.name
        if (bin_dir / "initdb").exists() and glob.glob(f"/usr/share/postgresql/{major}/extension/postgis.control"):
            return bin_dir
    return None


def available() -> bool:
    return find_bin_dir() is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class TempCluster:
    """A running cluster: ``url(dbname)`` gives a psycopg address for one of its databases."""

    folder: Path
    bin_dir: Path
    port: int
    run_as: str | None

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        return ["runuser", "-u", self.run_as, "--", *cmd] if self.run_as else cmd

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.folder}&port={self.port}"

    def stop(self) -> None:
        subprocess.run(self._cmd("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"),
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(parent: str | None = None) -> TempCluster:
    """Create and start a cluster; raise RuntimeError with the server log when it fails."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError(HOW_TO_GET)
    run_as = None
    if os.geteuid() == 0:
        run_as = os.environ.get("PMA_MAP_PG_USER", "nobody")
    folder = Path(tempfile.mkdtemp(prefix="pma-pg-", dir=parent))
    folder.chmod(0o755)
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    cluster = TempCluster(folder, bin_dir, port, run_as)
    data = folder / "data"
    out = subprocess.run(cluster._cmd("initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                                      "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
                         capture_output=True, text=True, timeout=120)
    if out.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb a échoué : {out.stderr.strip()}")
    opts = (f"-c listen_addresses='' -c unix_socket_directories={folder} -p {port} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    out = subprocess.run(cluster._cmd("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w",
                                      "-t", "60", "-o", opts, "start"),
                         capture_output=True, text=True, timeout=120)
    if out.returncode:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start a échoué : {out.stderr.strip()} {log[-2000:]}")
    return cluster


def create_database(cluster: TempCluster, name: str, template: str | None = None) -> str:
    """Create database ``name`` (optionally copied from ``template``) and return its address."""
    import psycopg

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        conn.execute(sql)
    return cluster.url(name)


if __name__ == "__main__":  # pragma: no cover - a convenience for people
    c = start()
    print(c.url("postgres"), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        c.stop()
