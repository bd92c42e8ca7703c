"""Store: all SQL lives here, behind the `Store` protocol. Entry point: `open_store(path) -> Store`,
where `path` is an SQLite file or a postgresql://USER@HOST:PORT/DB URL."""
from .base import (
                   AddResult,
                   ClusterRow,
                   ClusterSource,
                   DocumentRow,
                   EventRow,
                   Evidence,
                   FigureRow,
                   LocalityRow,
                   MentionRow,
                   MissingStoreError,
                   OrganizationRow,
                   PersonRow,
                   SearchHit,
                   SectorCount,
                   Store,
                   TieRow,
)
from .connect import display, is_url, open_store
from .sql import SQLStore
from .sqlite import SQLiteStore

__all__ = ["AddResult", "ClusterRow", "ClusterSource", "DocumentRow", "EventRow", "Evidence", "FigureRow", "LocalityRow", "MentionRow",
           "MissingStoreError", "OrganizationRow", "PersonRow", "SQLStore", "SQLiteStore", "SearchHit", "SectorCount",
           "Store", "TieRow", "display", "is_url", "open_store"]
