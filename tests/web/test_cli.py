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
    for option in ("--db", "--host", "--port"):
        assert option in result.output
    assert cli.DEFAULT_HOST == "127.0.0.1"


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no database" in result.output


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "--port", "70000"])
    assert result.exit_code == 2


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
