"""Store: all SQL lives here, behind the `Store` protocol. Entry point: `open_store(path) -> Store`."""
from .base import (AddResult, ClusterRow, ClusterSource, DocumentRow, EventRow, Evidence, FigureRow, LocalityRow, MentionRow,
                   MissingStoreError, OrganizationRow, PersonRow, SearchHit, SectorCount, Store, TieRow)
from .sqlite import SQLiteStore, open_store

__all__ = ["AddResult", "ClusterRow", "ClusterSource", "DocumentRow", "EventRow", "Evidence", "FigureRow", "LocalityRow", "MentionRow",
           "MissingStoreError", "OrganizationRow", "PersonRow", "SQLiteStore", "SearchHit", "SectorCount",
           "Store", "TieRow", "open_store"]
