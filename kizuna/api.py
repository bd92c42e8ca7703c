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
from typing import Any

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


@dataclass(slots=True)
class ReextractSummary:
    documents: int = 0
    updated: int = 0        # facts changed
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (source, reason); the document is kept
    events: int = 0         # events after re-clustering

    def to_dict(self) -> dict[str, object]:
        return {"documents": self.documents, "updated": self.updated, "unchanged": self.unchanged,
                "events": self.events, "failed": [{"source": s, "reason": r} for s, r in self.failed]}


def reextract(db: str | Path = "kizuna.db", since: str | None = None,
              progress: Callable[[str, str], None] | None = None,
              on_start: Callable[[int], None] | None = None) -> ReextractSummary:
    """Recompute facts and event clusters of stored documents from their stored original bytes
    (nothing is read from disk or the web again).

    Without `since`, every document is re-extracted and the clusters are rebuilt from scratch in
    the order the documents first came in, so event ids stay what they were. With `since` (an ISO
    date), only documents ingested on or after it are redone, each taken out of its cluster and
    placed again. Only the fact and cluster tables are rewritten: documents, their raw bytes and
    any other table are left as they are. A document that fails keeps its previous facts.
    """
    from . import sources
    from .pipeline import process, warm_up
    warm_up()
    summary = ReextractSummary()
    store = open_store(db, create=False)
    try:
        ids = store.document_ids(since)
        if on_start is not None:
            on_start(len(ids))
        with store.atomic():
            if since is None:
                store.clusters.reset()
            for start in range(0, len(ids), BATCH_SIZE):
                with store.atomic():   # a savepoint per batch: a failure costs one batch, not the run
                    for doc_id in ids[start:start + BATCH_SIZE]:
                        source, outcome = _reextract_one(store, doc_id, sources, process, summary)
                        if progress is not None:
                            progress(source, outcome)
        summary.events = len(store.event_clusters())
    finally:
        store.close()
    return summary


def _reextract_one(store: Store, doc_id: str, sources: Any, process: Callable[[Any], Extraction],
                   summary: ReextractSummary) -> tuple[str, str]:
    row = store.document(doc_id)
    if row is None:
        return doc_id, "failed"
    summary.documents += 1
    raw = sources.from_stored(row.source, row.kind, store.raw(doc_id) or b"", row.url, row.published)
    try:
        if isinstance(raw, InputError):
            raise raw
        extraction = process(raw)
    except InputError as err:
        summary.failed.append((row.source, err.reason))
        log.warning("kept the previous facts of %s: %s", row.source, err.reason)
        return row.source, "failed"
    if extraction.document.id != doc_id:   # the text now reads differently (a decoding fix)
        store.delete(doc_id)
    outcome = store.add(extraction)
    if outcome == "unchanged":
        store.place(extraction)   # same facts; its place among the events is recomputed all the same
        summary.unchanged += 1
    else:
        summary.updated += 1
    return row.source, outcome


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


__all__ = ["IngestSummary", "ReextractSummary", "add_document", "reextract", "extract_files", "ingest", "open_store"]
