"""Dask workers: the pure per-document pipeline on N processes (or on an existing cluster), results
handed back in input order.

Entry point: `Workers(n=2)` or `Workers(scheduler="tcp://host:8786")`, a context manager, and its
`ordered(items, fn)`: an iterator of `fn(item)` for the RawDocuments of `items` (computed on the
workers) and of every other item (an InputError, a Skipped record) as it came, all in input order.

Why this shape:
- the function a worker runs (`pipeline.extract_raw`) is pure: document in, extraction out. Storing
  and placing documents among events stay in the caller's process, which consumes the results in
  input order, so a run on workers stores exactly what a serial run stores;
- a worker that dies (killed, out of memory) costs nothing: the scheduler hands its unfinished
  tasks to the others (and the nanny starts a new process); each result is consumed once, so no
  document is lost or stored twice. A task that kills worker after worker (`allowed-failures`)
  comes back as an error for that document only;
- at most `window` documents are in flight, so memory stays flat on a crawl of any size.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Self

from .errors import InputError, UsageError
from .model import RawDocument

log = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 8   # enough to keep a worker busy while the caller stores, few enough for memory


class Workers:
    """A Dask client over a LocalCluster of `n` processes, or over the cluster at `scheduler`."""

    def __init__(self, n: int | None = None, scheduler: str | None = None, window: int | None = None) -> None:
        if n is None and scheduler is None:
            raise UsageError("give a number of workers or a scheduler address")
        if n is not None and n < 1:
            raise UsageError(f"--workers must be 1 or more, not {n}")
        self._n, self._scheduler, self._window = n, scheduler, window
        self._cluster: Any = None
        self.client: Any = None
        self.pending = 0   # documents submitted and not yet handed back

    def __enter__(self) -> Self:
        from distributed import Client, LocalCluster

        _quiet_dask()
        try:
            if self._scheduler is not None:
                self.client = Client(self._scheduler, timeout="30s")
            else:
                # processes, one thread each: the pipeline is pure Python and holds the GIL
                self._cluster = LocalCluster(n_workers=self._n, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.ERROR)
                self.client = Client(self._cluster)
        except OSError as err:
            self.close()
            raise UsageError(f"cannot reach the Dask scheduler {self._scheduler}: {err}") from None
        self.client.run(_warm_up)   # every worker loads models and tables at once, not on its first task
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.client = self._cluster = None

    @property
    def window(self) -> int:
        if self._window is not None:
            return self._window
        workers = len(self.client.scheduler_info().get("workers", {})) if self.client else 1
        return IN_FLIGHT_PER_WORKER * max(1, workers)

    def ordered(self, items: Iterable[Any], fn: Callable[[RawDocument], Any]) -> Iterator[Any]:
        """`fn(item)` for each RawDocument (on the workers), every other item unchanged; in order."""
        queue: deque[Any] = deque()   # futures and passed-through items, in input order
        window = self.window
        for item in items:
            if isinstance(item, RawDocument):
                queue.append((item.source, self.client.submit(fn, item, pure=False)))
                self.pending += 1
            else:
                queue.append((None, item))
            yield from self._ready(queue, block=self.pending >= window)
        while queue:
            yield from self._ready(queue, block=True)

    def _ready(self, queue: deque[Any], block: bool) -> Iterator[Any]:
        """Pop and yield the head of the queue while it is ready (waiting once for it if `block`)."""
        while queue:
            source, head = queue[0]
            if source is not None:
                if not (block or head.done()):
                    return
                result = _result(source, head)
                self.pending -= 1
                block = False
            else:
                result = head
            queue.popleft()
            yield result


def _result(source: str, future: Any) -> Any:
    try:
        return future.result()
    except Exception as err:  # noqa: BLE001  (failed on every worker it was given: this document only)
        log.warning("workers could not extract %s: %s", source, err)
        return InputError(source, f"the workers could not extract it ({type(err).__name__}: {err})")
    finally:
        future.release()


def _quiet_dask() -> None:
    """Dask logs every worker's start and stop at INFO on its own handler: shown only with -v."""
    level = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(level)


def _warm_up() -> None:
    from .pipeline import warm_up
    warm_up()


def run_ordered(items: Iterable[Any], fn: Callable[[RawDocument], Any], workers: int | None,
                scheduler: str | None) -> Iterator[Any]:
    """`Workers.ordered` inside its own cluster's lifetime (started and closed here)."""
    with Workers(workers, scheduler) as pool:
        yield from pool.ordered(items, fn)


__all__ = ["IN_FLIGHT_PER_WORKER", "Workers", "run_ordered"]
