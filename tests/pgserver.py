"""A throwaway PostgreSQL server in a temporary folder, for the tests and the benchmarks.

`start()` runs initdb and pg_ctl (Debian's server binaries, or $KIZUNA_PG_BIN) on a free loopback
port with trust authentication and durability off, and returns the server with its URL. PostgreSQL
refuses to run as root: as root, the server runs as the `postgres` user (Debian's package makes it).
"""
from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER = "postgres"


class ServerError(RuntimeError):
    """The server could not be started; the message says why."""


@dataclass
class PgServer:
    """A PostgreSQL server on which databases may be created."""
    base: str                              # URL of a database to connect to for CREATE DATABASE
    stop: Callable[[], None] = lambda: None   # stops the server and removes its files (if this run started it)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def new_database(self, name: str | None = None) -> str:
        """The URL of a new, empty database."""
        import psycopg
        # unique across runs too: a server given by KIZUNA_TEST_POSTGRES keeps earlier runs' databases
        name = name or f"kizuna_test_{os.getpid()}_{secrets.token_hex(3)}_{next(self._names)}"
        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8')
        return self.base.rsplit("/", 1)[0] + "/" + name


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: $KIZUNA_PG_BIN, pg_config's, or Debian's newest."""
    candidates = [os.environ.get("KIZUNA_PG_BIN", "")]
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(out.stdout.strip())
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(versions, key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                         reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """The command, run as a user PostgreSQL accepts (not root)."""
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise ServerError(f"running as root and no `{SERVER_USER}` user to run PostgreSQL as: create one "
                          f"(useradd --system {SERVER_USER}) or set KIZUNA_TEST_POSTGRES") from None
    return ["runuser", "-u", SERVER_USER, "--", *command]


def start(bindir: Path) -> PgServer:
    """Start a server with the binaries in `bindir`; its `stop()` stops it and removes its files."""
    root = Path(tempfile.mkdtemp(prefix="kizuna-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER)
    data, port = root / "data", _free_port()

    def run(program: str, *args: str) -> None:
        subprocess.run(_as_server_user([str(bindir / program), *args]), check=True, capture_output=True,
                       text=True)

    def stop() -> None:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)

    try:
        run("initdb", "-D", str(data), "-U", "kizuna", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        # A throwaway server: durability off, which only makes it faster.
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start")
    except subprocess.CalledProcessError as err:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        stop()
        raise ServerError(f"could not start a throwaway PostgreSQL server: {err.stderr or err.stdout}{log}") from None
    return PgServer(f"postgresql://kizuna@127.0.0.1:{port}/postgres", stop)
