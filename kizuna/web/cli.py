"""`kizuna serve`: the web application under uvicorn. The lead registers it in kizuna/cli.py."""
from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"   # reachable from this machine only, unless told otherwise
DEFAULT_PORT = 8000


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the kizuna command line."""

    @app.command()
    def serve(db: Annotated[str, typer.Option("--db", envvar="KIZUNA_DB", help="The knowledge base: an SQLite file, or postgresql://USER@HOST:PORT/DB.")]
              = "kizuna.db",
              host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 exposes the "
                                                               "server to the network.")] = DEFAULT_HOST,
              port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = DEFAULT_PORT,
              editable: Annotated[bool, typer.Option("--editable", help="Let people with an editor's account "
                                                     "(`kizuna user add`) review facts; read-only without it.")]
              = False,
              workers: Annotated[int, typer.Option("--workers", min=1, max=64, help=(
                  "Server processes answering requests (uvicorn workers): one per core uses every core. "
                  "Each keeps its own connections and page cache, and its own login limit."))] = 1,
              ) -> None:
        """Serve the knowledge base as web pages and a JSON API (read-only), with the API described at /docs.

        Example: kizuna serve --db demo.db --workers 2   (then open http://127.0.0.1:8000/)
        """
        import uvicorn

        from ..errors import KizunaError
        from .app import create_app
        try:
            # With several workers this process only checks the database (and upgrades it, when
            # editable) before they start; each worker makes its own application (served_app).
            web = create_app(db, warm=workers == 1, editable=editable)
        except KizunaError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from err
        if host not in ("127.0.0.1", "localhost", "::1"):
            log.warning("listening on %s: the knowledge base is reachable from other machines", host)
        from ..store import display
        mode = "editable" if editable else "read-only"
        typer.echo(f"kizuna: serving {display(db)} ({mode}) on http://{host}:{port}/ (API description: /docs)",
                   err=True)
        if workers == 1:
            uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
            return
        web.state.pool.close()
        if web.state.curator is not None:
            web.state.curator.close()
        os.environ.update(served_env(db, editable))
        uvicorn.run("kizuna.web.app:served_app", factory=True, workers=workers, host=host, port=port,
                    log_level="warning", server_header=False)


def served_env(db: str, editable: bool) -> dict[str, str]:
    """What each worker process reads to make its application (kizuna.web.app.served_app)."""
    from .app import SERVE_DB, SERVE_EDITABLE
    return {SERVE_DB: db, SERVE_EDITABLE: "1" if editable else ""}
