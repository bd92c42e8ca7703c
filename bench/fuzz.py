"""Fuzz the parsers of untrusted input with hypothesis, for a fixed time per target.

    python bench/fuzz.py                 # every target, 20 s each
    python bench/fuzz.py --seconds 60 --target decode --target feed

Each target feeds a parser bytes or text drawn by hypothesis: random, or a seed input (the test
fixtures and samples, made for kizuna) mutated (bytes inserted, cut, repeated, spliced from
another seed, flipped). A crash is any exception other than the one the parser documents for bad
input (InputError, DecodeError), a wrong type of result, or one call over HANG_SECONDS (a
super-linear path). hypothesis shrinks a crash to a small input, printed for a regression test.

Prints, per target: executions run, seconds, crashes. Exit status 1 when a crash was found.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kizuna.errors import InputError  # noqa: E402
from kizuna.model import RawDocument  # noqa: E402
from kizuna.sources.decode import DecodeError  # noqa: E402

HANG_SECONDS = 5
ROUND = 200  # examples per hypothesis run; runs repeat until the target's time is spent
SEED_FOLDERS = [ROOT / "tests" / "fixtures", ROOT / "kizuna" / "samples", ROOT / "tests" / "web" / "articles"]
SEED_LIMIT = 60_000  # bytes of a seed kept (mutating a large file is no better than a part of it)


class Hang(Exception):
    """A call took longer than HANG_SECONDS."""


def _seeds() -> list[bytes]:
    found = [
        p.read_bytes()[:SEED_LIMIT]
        for folder in SEED_FOLDERS
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    return [s for s in found if s]


SEEDS = _seeds()


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes] = SEEDS) -> bytes:
    """A seed with a few random edits; or, one time in five, bytes from nowhere."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=2000))
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "cut", "repeat", "splice", "flip", "truncate"]))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 256))]
        elif op == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 50))
        elif op == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(1, 2000))]
        elif op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


texts = st.one_of(st.text(max_size=500), mutated().map(_text))
langs = st.sampled_from(["vi", "en", "ja", "fr", "de", "es", "sv", "zh", "ko", "ru", "und"])
published = st.one_of(
    st.none(), st.sampled_from(["2025-11-25", "2025-02", "1999-12-31"]), st.text(max_size=12)
)


# -- the targets: each takes one drawn input and raises only on a crash ---------------------------------


def t_decode(data: bytes, declared: str | None) -> None:
    from kizuna.charset import html_charset
    from kizuna.sources.decode import decode

    html_charset(data)
    try:
        assert isinstance(decode(data, declared=declared), str)
    except DecodeError:
        pass


def t_read_file(data: bytes, suffix: str) -> None:
    """A file of each kind the sources read: text, HTML, JSON, JSONL records, WARC (plain, gzip)."""
    from kizuna.sources import read_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        for item in read_file(path):
            assert isinstance(item, (RawDocument, InputError)), type(item)
            if isinstance(item, InputError):
                assert item.path.startswith(str(path)) and item.reason


def t_feed(data: bytes, content_type: str | None) -> None:
    from kizuna.sources.feeds import parse_feed

    try:
        feed = parse_feed(data, "http://127.0.0.1/feed", content_type)
    except InputError:
        return
    for entry in feed.entries:
        assert entry.link.startswith(("http://", "https://")), entry.link


def t_decode_body(data: bytes, content_type: str | None) -> None:
    from kizuna.sources.fetch import charset_of, decode_body

    charset_of(content_type)
    try:
        decode_body(data, content_type)
    except DecodeError:
        pass


def t_clean(text: str, kind: str) -> None:
    from kizuna.clean import clean

    try:
        cleaned = clean(RawDocument(source="fuzz", kind=kind, text=text))  # type: ignore[arg-type]
    except InputError:
        return
    assert isinstance(cleaned.text, str) and cleaned.text.strip()


def t_dates(text: str, lang: str, when: str | None) -> None:
    from kizuna.clean.published import find_full_date, find_published, find_timestamp
    from kizuna.extract.dates import find_dates
    from kizuna.sources.dates import iso_date

    for mention in find_dates(text, lang, when):
        assert 0 <= mention.start <= mention.end <= len(text)
    iso_date(text)
    find_published(text.splitlines())
    for line in text.splitlines()[:50]:
        find_timestamp(line)
        find_full_date(line)


def t_numbers(text: str, decimal: str) -> None:
    from kizuna.extract.figures import parse_cjk, parse_number

    for value in (parse_number(text, decimal), parse_cjk(text, {"万": 1e4, "億": 1e8, "千": 1e3})):
        assert value is None or isinstance(value, float)


def t_pipeline(text: str, lang: str) -> None:
    """The whole extraction of a text: linking, every extractor (figures, dates, people, ties...)."""
    from kizuna.pipeline import process

    try:
        extraction = process(RawDocument(source="fuzz", kind="text", text=text, language=lang))
    except InputError:
        return
    size = len(extraction.document.text)
    for m in extraction.mentions:
        assert 0 <= m.start < m.end <= size


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[..., None]
    strategies: tuple[st.SearchStrategy, ...]


charsets = st.one_of(
    st.none(),
    st.sampled_from(
        ["utf-8", "shift_jis", "windows-1258", "utf-16", "latin-1", "x-unknown", "", "utf-8; q=1"]
    ),
    st.text(max_size=20),
)
content_types = st.one_of(
    st.none(),
    st.sampled_from(
        ["application/rss+xml", "text/html; charset=utf-8", "text/xml; charset=shift_jis", "text/plain"]
    ),
    st.text(max_size=40),
)
TARGETS = [
    Target("decode", t_decode, (mutated(), charsets)),
    Target(
        "read_file",
        t_read_file,
        (mutated(), st.sampled_from([".txt", ".html", ".json", ".jsonl", ".warc", ".warc.gz"])),
    ),
    Target("feed", t_feed, (mutated(), content_types)),
    Target("decode_body", t_decode_body, (mutated(), content_types)),
    Target("clean", t_clean, (texts, st.sampled_from(["html", "text", "record"]))),
    Target("dates", t_dates, (texts, langs, published)),
    Target(
        "numbers",
        t_numbers,
        (
            st.one_of(st.text(max_size=40), st.from_regex(r"[\d.,\s]{1,30}", fullmatch=True)),
            st.sampled_from([".", ","]),
        ),
    ),
    Target("pipeline", t_pipeline, (texts, langs)),
]


@dataclass
class Outcome:
    executions: int = 0
    seconds: float = 0.0
    crash: str | None = None


def fuzz(target: Target, seconds: float) -> Outcome:
    """Run `target` for about `seconds`; stop at the first crash (shrunk by hypothesis)."""
    outcome = Outcome()

    def guarded(args: tuple[object, ...]) -> None:
        outcome.executions += 1
        signal.alarm(HANG_SECONDS)
        try:
            target.run(*args)
        finally:
            signal.alarm(0)

    test = settings(
        max_examples=ROUND,
        database=None,
        deadline=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(given(st.tuples(*target.strategies))(guarded))
    started = time.monotonic()
    while True:  # at least one run, however small the budget
        try:
            test()
        except (
            Exception
        ) as err:  # hypothesis re-raises the shrunk failure; the falsifying input is in its note
            notes = "\n".join(getattr(err, "__notes__", []))
            outcome.crash = f"{type(err).__name__}: {err}\n{notes}"
            break
        if time.monotonic() - started >= seconds:
            break
    outcome.seconds = time.monotonic() - started
    return outcome


def _on_alarm(number: int, frame: object) -> None:
    raise Hang(f"one call took over {HANG_SECONDS} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="time per target")
    parser.add_argument(
        "--target", action="append", choices=[t.name for t in TARGETS], help="only these targets (repeatable)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _on_alarm)
    logging.disable(logging.WARNING)  # the parsers log what they repair; thousands of lines say nothing here
    from kizuna.pipeline import warm_up

    warm_up()  # loading the data tables is no execution of a target
    crashes, total = 0, 0
    print(f"{'target':12} {'executions':>10} {'seconds':>8}  crashes", flush=True)
    for target in TARGETS:
        if args.target and target.name not in args.target:
            continue
        outcome = fuzz(target, args.seconds)
        total += outcome.executions
        crashes += outcome.crash is not None
        print(
            f"{target.name:12} {outcome.executions:>10} {outcome.seconds:>8.1f}  "
            f"{0 if outcome.crash is None else 1}",
            flush=True,
        )
        if outcome.crash:
            print("  " + outcome.crash.replace("\n", "\n  "), flush=True)
    print(f"{'total':12} {total:>10}           {crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
