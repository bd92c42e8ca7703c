"""The Python API: what the command line does, callable from Python.

    extract_files(paths)      -> Iterator[Extraction | InputError]
    ingest(paths, db=...)     -> IngestSummary
    open_store(path)          -> Store
    kizuna.query              -> the read-side questions (profile, localities, search, ...)
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import Extraction
from .store import Store, open_store
from .store.base import AddResult

log = logging.getLogger(__name__)

# Documents committed together: one fsync per batch instead of one per document. A run killed
# mid-batch loses only that batch, which the next run redoes (re-adds are "unchanged").
BATCH_SIZE = 50

Progress = Callable[[str, str], None]   # (source, outcome: "new"|"unchanged"|"updated"|"failed")


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)

    @property
    def read(self) -> int:
        """Documents that could be read (stored now or already)."""
        return self.new + self.unchanged + self.updated

    def to_dict(self) -> dict[str, object]:
        return {"new": self.new, "unchanged": self.unchanged, "updated": self.updated,
                "failed": [{"path": p, "reason": r} for p, r in self.failed]}


def extract_files(paths: Iterable[str | Path]) -> Iterator[Extraction | InputError]:
    """Read files and folders; yield each document's extraction, or the error of an unreadable input."""
    from .pipeline import extract_paths, warm_up   # imported here: the stages load their data on first use
    warm_up()
    yield from extract_paths(paths)


def ingest(paths: Iterable[str | Path], db: str | Path = "kizuna.db",
           progress: Progress | None = None) -> IngestSummary:
    """Extract every document under `paths` and store it with its facts in the database `db`."""
    summary = IngestSummary()
    store = open_store(db)
    try:
        items = extract_files(paths)
        while _ingest_batch(store, items, summary, progress):
            pass
    finally:
        store.close()
    return summary


def _ingest_batch(store: Store, items: Iterator[Extraction | InputError], summary: IngestSummary,
                  progress: Progress | None) -> bool:
    """Store up to BATCH_SIZE documents in one transaction; False once the input is exhausted."""
    with store.atomic():
        for _ in range(BATCH_SIZE):
            item = next(items, None)
            if item is None:
                return False
            source, outcome = _ingest_one(store, item, summary)
            if progress is not None:
                progress(source, outcome)
    return True


def add_document(store: Store, extraction: Extraction) -> AddResult:
    """Store one extraction with its facts; the store also places it among the stored events
    (near-duplicates, event clusters) in the same transaction."""
    return store.add(extraction)


def _ingest_one(store: Store, item: Extraction | InputError, summary: IngestSummary) -> tuple[str, str]:
    if isinstance(item, InputError):
        log.info("skipped %s: %s", item.path, item.reason)   # reported in the summary
        summary.failed.append((item.path, item.reason))
        return item.path, "failed"
    try:
        outcome = add_document(store, item)
    except Exception as err:   # one document that cannot be stored (a bad fact) must not stop the run
        log.exception("could not store %s", item.document.source)
        summary.failed.append((item.document.source, f"could not store: {err}"))
        return item.document.source, "failed"
    setattr(summary, outcome, getattr(summary, outcome) + 1)
    log.info("%s %s (%s)", outcome, item.document.source, item.document.id[:10])
    return item.document.source, outcome


__all__ = ["IngestSummary", "add_document", "extract_files", "ingest", "open_store"]
