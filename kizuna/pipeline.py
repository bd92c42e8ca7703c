"""The one place that knows the order of the stages:

    sources -> clean -> lang -> link -> extract  (-> store, in `ingest`)

`process(raw)` is pure per document (document in, facts out), so a distributed engine
can map it over documents.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

from .clean import clean
from .errors import InputError
from .extract.events import extract_events
from .extract.figures import extract_figures
from .extract.organizations import extract_organizations
from .extract.people import extract_people
from .extract.sectors import extract_sectors
from .extract.ties import extract_ties
from .gazetteer import load as load_gazetteer
from .lang import detect
from .link import is_dateline, is_explicit, link, situating
from .link.geography import situating_only
from .link.own_site import own_site_mentions
from .model import Context, Document, Event, Extraction, Locality, Mention, Person, RawDocument, Span
from .prefilter import Skipped
from .sources import iter_raw
from .text import fold, nfc, sentences

logger = logging.getLogger(__name__)


_WARM_UP_TEXT = ("Ngày 25/11, tại tỉnh Quảng Ninh, Chủ tịch UBND tỉnh đã tiếp ông Yamamoto Ichita, Thống đốc "
                 "tỉnh Gunma, nhân dịp diễn đàn; hai bên ký kết hợp tác về nông nghiệp, có 56 doanh nghiệp.")


@cache   # once per process
def warm_up() -> None:
    """Load everything a run needs (gazetteer, language models, every data table) and then
    freeze it out of the garbage collector's sight: the loaded tables are a large object graph
    that every full collection would otherwise walk again (about 7 % of a long run).
    Long runs (the CLI's extract and ingest, the benchmark) call it once; it is idempotent."""
    import gc

    from .lang import preload
    preload()
    for lang in ("vi", "en", "ja", "sv", "fr", "de", "es", "pt", "id", "ru", "zh", "ko"):
        doc = Document(id="warm-up", source="warm-up", kind="text", text=_WARM_UP_TEXT, lang=lang)
        extract_document(doc)
    gc.collect()
    gc.freeze()


def document_id(text: str) -> str:
    """Stable id: SHA-1 of the NFC-normalised document text (the same bytes in NFD give the same id)."""
    return hashlib.sha1(nfc(text).encode("utf-8")).hexdigest()


def clean_document(raw: RawDocument) -> Document:
    """Clean one raw document and identify its language."""
    cleaned = clean(raw)
    lang = detect(cleaned.text, hint=raw.language)
    return Document(id=document_id(raw.text), source=raw.source, kind=raw.kind, text=cleaned.text,
                    lang=lang, title=cleaned.title, url=cleaned.url or raw.url,
                    published=cleaned.published, raw=raw.data, headline_end=cleaned.headline_end)


def extract_document(doc: Document) -> Extraction:
    """Link localities and extract every fact of one cleaned document."""
    text = doc.text
    folded = fold(text)   # once: the linker and every extractor match on it
    gazetteer = load_gazetteer()
    # on a prefecture's own site, 本県 / 当県 / a bare 知事 name it (contract)
    linked = link(text, gazetteer, folded)
    extra = own_site_mentions(text, doc.url, gazetteer)
    if extra:
        taken = [(m.start, m.end) for m in linked]
        linked = sorted(linked + [m for m in extra if not any(a < m.end and m.start < b for a, b in taken)],
                        key=lambda m: m.start)
    mentions = tuple(_as_published(linked, doc.published))
    ctx = Context(text=text, lang=doc.lang, published=doc.published, mentions=mentions,
                  sentences=tuple(sentences(text)), folded=folded)
    people = extract_people(ctx)
    # A surname that is also a prefecture ("ông Chiba", "Mr Yamaguchi") is not a locality.
    ctx = replace(ctx, mentions=_outside_names(ctx, people))
    # "gần Thủ đô Hà Nội", "30 km south of Ho Chi Minh City": a place that only says where
    # something lies is no locality of the article and no party to anything (contract)
    situated = situating_only(text, ctx.mentions, doc.lang, folded)
    ctx = replace(ctx, mentions=tuple(m for m in ctx.mentions if (m.start, m.end) not in situated))
    own = _own_localities(text, ctx.mentions, gazetteer)
    # a prefecture that only situates a city ("thành phố Nasushiobara, tỉnh Tochigi") is no party
    # to the city's memorandum either
    situating_only_names = {m.name for m in ctx.mentions if m.country == "JP"} - {m.name for m in own} \
        - {m.name for m in ctx.mentions if is_dateline(text, m)}
    return Extraction(
        document=doc,
        mentions=ctx.mentions,
        # a dateline ("Tokyo (VNA) –") is where the report was filed, not a locality of the article
        localities=tuple(localities_of(own)),
        ties=tuple(t for t in extract_ties(ctx) if t.jp not in situating_only_names),
        events=tuple(_events_of_the_body(ctx, doc.headline_end)),
        people=tuple(people),
        organizations=tuple(extract_organizations(ctx)),
        figures=tuple(extract_figures(ctx)),
        sectors=tuple(extract_sectors(ctx)),
    )


def _events_of_the_body(ctx: Context, headline_end: int) -> list[Event]:
    """The events, read from the text after the headline that opens it (when it does), with their
    evidence in the whole text's offsets: events are told by the lead and the body, which date
    them, and a headline names the event again without its date."""
    if not headline_end:
        return extract_events(ctx)
    at = headline_end + 2   # the paragraph break after the headline
    body = ctx.text[at:]
    mentions = tuple(replace(m, start=m.start - at, end=m.end - at) for m in ctx.mentions if m.start >= at)
    found = extract_events(Context(text=body, lang=ctx.lang, published=ctx.published, mentions=mentions,
                                   sentences=tuple(sentences(body)), folded=ctx.folded[at:]))
    return [replace(e, evidence=tuple(Span(s.start + at, s.end + at) for s in e.evidence)) for e in found]


def process(raw: RawDocument) -> Extraction:
    """One raw document in, its extraction out. Raises InputError when it has no usable text."""
    return extract_document(clean_document(raw))


def extract_raw(raw: RawDocument) -> Extraction | InputError:
    """`process`, with every failure returned as the document's InputError (what a worker runs)."""
    try:
        return process(raw)
    except InputError as err:
        return err
    except Exception as err:  # a bug on one document must not stop the run: report it like bad input
        # the one-line error below reaches the user; the traceback only with -vv (debug)
        logger.debug("extraction failed on %s", raw.source, exc_info=True)
        return InputError(raw.source, f"internal error while extracting ({type(err).__name__}: {err}); "
                                      "please report it with this file")


def extract_paths(paths: Iterable[str | Path], prefilter: bool = False, workers: int | None = None,
                  scheduler: str | None = None) -> Iterator[Extraction | InputError | Skipped]:
    """Stream extractions (or the error of each unreadable input) for files and folders, in input
    order; with `prefilter`, documents that cannot be about Vietnam and Japan come as Skipped.
    With `workers` (a LocalCluster of that many processes) or `scheduler` (an existing Dask
    cluster), documents are extracted on the workers."""
    items = iter_raw(paths, prefilter=prefilter)
    if workers is None and scheduler is None:
        yield from (extract_raw(i) if isinstance(i, RawDocument) else i for i in items)
        return
    from .workers import run_ordered
    yield from run_ordered(items, extract_raw, workers, scheduler)


def _own_localities(text: str, mentions: tuple[Mention, ...], gazetteer) -> list[Mention]:
    """The mentions that name a locality of the article: a dateline ("Tokyo (VNA) –") is where the
    report was filed, and a prefecture that only situates its city ("兵庫県神戸市") is not one;
    a unit keeps all its mentions when one of them names it in its own right."""
    situates = situating(text, mentions, gazetteer)
    kept = [m for m in mentions if not is_dateline(text, m)]
    own = {m.key for m in kept if (m.start, m.end) not in situates}
    return [m for m in kept if m.key in own]


def _as_published(mentions: Iterable[Mention], published: str | None) -> list[Mention]:
    """"Hue" in an article of 2024 is the province of the time, Thừa Thiên Huế, renamed since; so it
    is in an article of unknown date that also gives the old name ("Thua Thien Hue ... Hue")."""
    gazetteer = load_gazetteer()
    mentions = list(mentions)
    old_names = {m.current: m for m in mentions if (u := gazetteer.get(m.key)) is not None and u.until}
    out = []
    for m in mentions:
        unit = gazetteer.as_of(m.key, published)
        if unit.key == m.key and published is None and m.name in old_names:
            unit = gazetteer.unit(old_names[m.name].key)
        out.append(m if unit.key == m.key else replace(m, key=unit.key, name=unit.name, code=unit.code,
                                                       current=unit.current, level=unit.level))
    return out


def localities_of(mentions: Iterable[Mention]) -> list[Locality]:
    """One Locality per linked unit, in order of first mention, with every mention as evidence."""
    grouped: dict[str, list[Mention]] = {}
    for m in mentions:
        grouped.setdefault(m.key, []).append(m)
    out = []
    for group in grouped.values():
        first = group[0]
        out.append(Locality(name=first.name, country=first.country, code=first.code, current=first.current,
                            evidence=tuple(_span(m) for m in group)))
    return out


def _span(m: Mention):
    from .model import Span
    return Span(m.start, m.end)


def _outside_names(ctx: Context, people: list[Person]) -> tuple[Mention, ...]:
    """Mentions that are not (part of) a person's name: inside a name ("ông Chiba Kenji"), or a
    bare surname used again later ("Ishikawa said ...") unless wrapped as a place ("Ishikawa
    Prefecture", "tỉnh Chiba")."""
    spans = [p.name_span for p in people if p.name_span is not None]
    words = {w for p in people for w in fold(p.name).split()}
    return tuple(m for m in ctx.mentions
                 if not any(s.start <= m.start and m.end <= s.end for s in spans)
                 and not (m.country == "JP" and fold(m.surface) in words   # Japanese surnames: Chiba, Ishikawa
                          and not is_explicit(ctx.text, m, ctx.folded)))
