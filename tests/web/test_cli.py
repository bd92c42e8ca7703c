"""`kizuna serve` as registered on a command line (the lead adds it to kizuna.cli)."""
from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from kizuna.web import cli


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:   # a callback keeps `serve` a subcommand, as in kizuna's own app
        pass

    cli.register(app)
    return app


def test_serve_help_names_its_options() -> None:
    result = CliRunner().invoke(_app(), ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--workers"):
        assert option in result.output
    assert cli.DEFAULT_HOST == "127.0.0.1"


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database" in result.output


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "--port", "70000"])
    assert result.exit_code == 2


def test_serve_rejects_zero_workers(sqlite_web_db: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "--db", str(sqlite_web_db), "--workers", "0"])
    assert result.exit_code == 2


def test_serve_with_two_workers_answers_from_both(sqlite_web_db: Path) -> None:
    """`--workers 2`: two worker processes behind one port answer pages and the API."""
    import socket
    import subprocess
    import sys
    import time

    import httpx
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kizuna", "serve", "--db", str(sqlite_web_db),
                               "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                counts = httpx.get(base + "/api/counts", timeout=10)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert counts.status_code == 200 and counts.json()["documents"] > 0
        # The supervisor starts both workers at once: by the first answer both processes exist.
        pages = [httpx.get(base + path, timeout=10) for path in ("/", "/api/documents", "/search?q=gunma")]
        assert [p.status_code for p in pages] == [200, 200, 200]
        children = _children(server.pid)
        assert len(children) == 2, children
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode(errors="replace")


def _children(pid: int) -> list[int]:
    """The worker processes of a uvicorn supervisor (Linux: /proc), leaving out helpers such as
    multiprocessing's resource tracker (which runs no kizuna)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and b"resource_tracker" not in cmdline:
            found.append(int(status.parent.name))
    return found


def test_serve_takes_a_postgresql_url_from_kizuna_db(pg_server) -> None:
    """KIZUNA_DB names the database like --db; an empty PostgreSQL database is refused in one line."""
    url = pg_server.new_database()
    result = CliRunner().invoke(_app(), ["serve"], env={"KIZUNA_DB": url})
    assert result.exit_code == 2
    assert f"no database at {url}" in result.output and "Traceback" not in result.output


def test_serve_names_a_server_that_does_not_answer() -> None:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://kizuna:secret@127.0.0.1:{port}/kb"
    result = CliRunner().invoke(_app(), ["serve", "--db", url])
    assert result.exit_code == 2
    assert f"cannot connect to postgresql://kizuna:***@127.0.0.1:{port}/kb" in result.output
    assert "secret" not in result.output and len(result.output.strip().splitlines()) == 1
