"""The Python API: what the command line does, callable from Python.

    extract_files(paths)      -> Iterator[Extraction | InputError]
    ingest(paths, db=..., workers=N, scheduler=ADDRESS, prefilter=True) -> IngestSummary
    open_store(path)          -> Store
    kizuna.query              -> the read-side questions (profile, localities, search, ...)
"""
from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cluster
from .errors import InputError
from .model import Extraction
from .prefilter import REASON, Skipped
from .store import Store, open_store
from .store.base import AddResult
from .store.writing import StoreLockedError, StoreWriteError

log = logging.getLogger(__name__)

# Documents committed together: one fsync per batch instead of one per document. A run killed
# mid-batch loses only that batch, which the next run redoes (re-adds are "unchanged").
BATCH_SIZE = 50

Progress = Callable[[str, str], None]   # (source, outcome: "new"|"unchanged"|"updated"|"failed"|"skipped")


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
    skipped: int = 0   # records the prefilter left out: not about Vietnam and Japan, never stored

    @property
    def read(self) -> int:
        """Documents that could be read (stored now or already)."""
        return self.new + self.unchanged + self.updated

    def to_dict(self) -> dict[str, object]:
        return {"new": self.new, "unchanged": self.unchanged, "updated": self.updated,
                "failed": [{"path": p, "reason": r} for p, r in self.failed], "skipped": self.skipped}

    def skipped_line(self) -> str:
        """'6,000 skipped: not about Vietnam and Japan' (empty when nothing was skipped)."""
        return f"{self.skipped:,} skipped: {REASON}" if self.skipped else ""


def extract_files(paths: Iterable[str | Path], prefilter: bool = False, workers: int | None = None,
                  scheduler: str | None = None) -> Iterator[Extraction | InputError | Skipped]:
    """Read files and folders; yield each document's extraction, or the error of an unreadable input
    (and with `prefilter`, a Skipped item for each document that cannot be about Vietnam and Japan).
    With `workers` or `scheduler`, documents are extracted on Dask workers (see kizuna.workers)."""
    from .pipeline import extract_paths, warm_up   # imported here: the stages load their data on first use
    if workers is None and scheduler is None:
        warm_up()   # on workers, each worker warms up itself
    yield from extract_paths(paths, prefilter=prefilter, workers=workers, scheduler=scheduler)


def ingest(paths: Iterable[str | Path], db: str | Path = "kizuna.db", progress: Progress | None = None,
           workers: int | None = None, scheduler: str | None = None, prefilter: bool = True) -> IngestSummary:
    """Extract every document under `paths` and store it with its facts in the database `db`.

    With `prefilter` (the default), documents that cannot be about Vietnam and Japan are counted in
    `summary.skipped` and not stored. With `workers` (N processes of a local Dask cluster) or
    `scheduler` (the address of a running one), extraction runs on the workers while this process
    stores the results in input order: the database is the one a serial run makes.
    """
    summary = IngestSummary()
    store = open_store(db)
    try:
        items = extract_files(paths, prefilter=prefilter, workers=workers, scheduler=scheduler)
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
    orphaned: int = 0       # reviews whose fact this extraction no longer finds (kept, listed)

    def to_dict(self) -> dict[str, object]:
        return {"documents": self.documents, "updated": self.updated, "unchanged": self.unchanged,
                "events": self.events, "orphaned": self.orphaned, "failed": [{"source": s, "reason": r} for s, r in self.failed]}


def reextract(db: str | Path = "kizuna.db", since: str | None = None,
              progress: Callable[[str, str], None] | None = None,
              on_start: Callable[[int], None] | None = None,
              workers: int | None = None, scheduler: str | None = None) -> ReextractSummary:
    """Recompute facts and event clusters of stored documents from their stored original bytes
    (nothing is read from disk or the web again).

    Without `since`, every document is re-extracted and the clusters are rebuilt from scratch in
    the order the documents first came in, so event ids stay what they were. With `since` (an ISO
    date), only documents ingested on or after it are redone, each taken out of its cluster and
    placed again. Only the fact and cluster tables are rewritten: documents, their raw bytes and
    any other table are left as they are. A document that fails keeps its previous facts. With
    `workers` or `scheduler`, extraction runs on Dask workers; storing stays here, in order.
    """
    from .pipeline import warm_up
    if workers is None and scheduler is None:
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
            results = _reextracted(store, ids, workers, scheduler)
            for _ in range(0, len(ids), BATCH_SIZE):
                with store.atomic():   # a savepoint per batch: a failure costs one batch, not the run
                    for doc_id, row, extraction in itertools.islice(results, BATCH_SIZE):
                        source, outcome = _reextract_one(store, doc_id, row, extraction, summary)
                        if progress is not None:
                            progress(source, outcome)
        summary.events = len(store.event_clusters())
        from .store.curation import orphaned
        summary.orphaned = len(orphaned(store))
    finally:
        store.close()
    return summary


def _reextracted(store: Store, ids: list[str], workers: int | None,
                 scheduler: str | None) -> Iterator[tuple[str, Any, Extraction | InputError]]:
    """(id, stored row, new extraction or error) for each of `ids`, in order; extraction on the
    workers when there are any (the rows are read here, in step with the results)."""
    from . import sources
    from .model import RawDocument
    from .pipeline import extract_raw

    rows: deque[tuple[str, Any]] = deque()

    def raws() -> Iterator[RawDocument | InputError]:
        for doc_id in ids:
            row = store.document(doc_id)
            rows.append((doc_id, row))
            if row is None:
                yield InputError(doc_id, "the document is no longer stored")
                continue
            yield sources.from_stored(row.source, row.kind, store.raw(doc_id) or b"", row.url, row.published)

    if workers is None and scheduler is None:
        results: Iterator[Any] = (extract_raw(r) if isinstance(r, RawDocument) else r for r in raws())
        for result in results:
            yield (*rows.popleft(), result)
        return
    from .workers import run_ordered
    for result in run_ordered(raws(), extract_raw, workers, scheduler):
        yield (*rows.popleft(), result)


def _reextract_one(store: Store, doc_id: str, row: Any, extraction: Extraction | InputError,
                   summary: ReextractSummary) -> tuple[str, str]:
    if row is None:
        return doc_id, "failed"
    summary.documents += 1
    if isinstance(extraction, InputError):
        summary.failed.append((row.source, extraction.reason))
        log.warning("kept the previous facts of %s: %s", row.source, extraction.reason)
        return row.source, "failed"
    with store.atomic():   # stored and placed together
        if extraction.document.id != doc_id:   # the text now reads differently (a decoding fix)
            cluster.remove_document(store, doc_id)
        outcome = store.add(extraction)
        cluster.place_document(store, extraction)   # unchanged facts too: its place is recomputed all the same
    if outcome == "unchanged":
        summary.unchanged += 1
    else:
        summary.updated += 1
    return row.source, outcome


def _ingest_batch(store: Store, items: Iterator[Extraction | InputError | Skipped], summary: IngestSummary,
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
    """Store one extraction with its facts and place it among the stored events (near-duplicates,
    event clusters: kizuna.cluster decides) in one transaction: a run killed in between leaves
    neither. An unchanged document keeps its place."""
    with store.atomic():
        outcome = store.add(extraction)
        if outcome != "unchanged":
            cluster.place_document(store, extraction)
    return outcome


def _ingest_one(store: Store, item: Extraction | InputError | Skipped,
                summary: IngestSummary) -> tuple[str, str]:
    if isinstance(item, Skipped):
        summary.skipped += 1
        return item.source, "skipped"
    if isinstance(item, InputError):
        log.info("skipped %s: %s", item.path, item.reason)   # reported in the summary
        summary.failed.append((item.path, item.reason))
        return item.path, "failed"
    try:
        outcome = add_document(store, item)
    except (StoreWriteError, StoreLockedError):   # the database itself, not this document: stop the run
        raise
    except Exception as err:   # one document that cannot be stored (a bad fact) must not stop the run
        log.exception("could not store %s", item.document.source)
        summary.failed.append((item.document.source, f"could not store: {err}"))
        return item.document.source, "failed"
    setattr(summary, outcome, getattr(summary, outcome) + 1)
    log.info("%s %s (%s)", outcome, item.document.source, item.document.id[:10])
    return item.document.source, outcome


__all__ = ["IngestSummary", "ReextractSummary", "add_document", "reextract", "extract_files", "ingest", "open_store"]
