"""The web application: server-rendered pages and a JSON REST API over a read-only knowledge base.

Entry point: `create_app(db_path) -> FastAPI`; `kizuna serve` runs it under uvicorn.
"""
from .app import create_app

__all__ = ["create_app"]
