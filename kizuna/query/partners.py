"""Who should a province or prefecture partner with? Candidates of the other country, ranked, each
with the reasons it rests on, every reason citing the documents and sentences behind it.

The ranking adds up five named signals, each scaled to 0..1 over the candidates of one question
(`WEIGHTS`):

- `together`: documents that name the candidate together with the locality asked about without
  stating a tie between them (a forum both attended, a delegation that visited both);
- `similar`: the candidate's ties with localities like this one: in the same region
  (kizuna/gazetteer/data/regions.json) or active in the same sectors (cosine of the documents'
  sectors); a former unit merged into today's counts as today's, and says so;
- `sector`: the candidate's activity in the sector asked about (documents, events, figures and
  people of those documents), or, with no sector given, how much its sectors overlap this
  locality's;
- `engagement`: how strong and how recent its ties with the other country are (agreement >
  visit > meeting > proposed > existing; halved every `HALF_LIFE_YEARS`);
- `investment`: investment figures (money) in the documents that name it.

Units are today's units: a tie stated of the old Long An belongs to today's Tây Ninh. A candidate
that already has a tie with the locality is left out unless `include_existing`.

`evaluate` hides each known tie (with every document that states it), ranks candidates for one
side, and reports hit@5 and MRR of this ranking and of a popularity baseline (the candidate with
most partners first) on the same folds.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from ..errors import UsageError
from ..model import SECTORS
from ..store import SQLStore
from ..store import partners as rows
from ..text import fold, fold_name
from .resolve import resolve

# Calibrated as a set on the shared corpus + the real development set (README, "Partner matching");
# each signal is first scaled to 0..1 over the candidates of one question.
# Joint appearances decide; sector overlap orders the candidates never named with the locality, and
# equal scores go to the candidate the documents name most. `similar`, `engagement` and `investment`
# are shown as reasons but weigh nothing: on that data each of them, weighted at 0.05 or more, lowered
# hit@5 (README, "Partner matching"). An asked-for sector weighs SECTOR_ASKED: the user said what matters.
WEIGHTS = {"together": 3.0, "similar": 0.0, "sector": 0.05, "engagement": 0.0, "investment": 0.0}
SECTOR_ASKED = 2.0
KIND_WEIGHT = {"agreement": 1.0, "visit": 0.7, "meeting": 0.6, "proposed": 0.5, "existing": 0.8}
HALF_LIFE_YEARS = 3.0        # an engagement counts half as much this many years before the newest document
TOGETHER_EVENT = 0.5         # a document reporting an event counts this much more as a joint appearance
TOGETHER_CROWD = 0.5         # ... divided by (localities of the candidate's country it names) ** this
SAME_REGION = 0.6            # similarity of two localities of one region, before their sectors' overlap
EVIDENCE_PER_REASON = 3      # sentences quoted per reason (the documents list names them all)
MONEY = ("USD", "JPY", "VND", "EUR")
DEFAULT_LIMIT = 10


class UnknownSector(UsageError):
    def __init__(self, sector: str) -> None:
        super().__init__(f"unknown sector {sector!r}: one of {', '.join(SECTORS)} "
                         "(or a word of one, e.g. \"hi-tech agriculture\", \"nông nghiệp\")")


# -- results -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence a reason rests on, and the fact (if any) it states."""
    doc_id: str
    title: str | None
    published: str | None
    start: int
    end: int
    sentence: str
    fact: str | None = None       # e.g. "tie-tie-89d7e2a53de56d1e": the fact's anchor on the document page
    event: str | None = None      # the document's event across documents, when clustered

    @property
    def url(self) -> str:
        return f"/documents/{self.doc_id}" + (f"#fact-{self.fact}" if self.fact else "")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "url": self.url}


@dataclass(frozen=True, slots=True)
class Reason:
    signal: str                  # together, similar, sector, engagement, investment
    text: str
    weight: float                # its share of the candidate's score
    documents: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "text": self.text, "weight": round(self.weight, 4),
                "documents": list(self.documents), "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Candidate:
    partner: str
    country: str
    score: float
    existing: bool
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"partner": self.partner, "country": self.country, "score": round(self.score, 4),
                "existing": self.existing, "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True, slots=True)
class Ranking:
    locality: str
    country: str
    sector: str | None
    note: str | None             # e.g. "Long An is part of Tây Ninh since 2025-07-01"
    candidates: list[Candidate]

    def to_dict(self) -> dict[str, Any]:
        return {"locality": self.locality, "country": self.country, "sector": self.sector, "note": self.note,
                "candidates": [c.to_dict() for c in self.candidates]}


# -- the index -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Unit:
    id: str                      # today's unit: a gazetteer key ("VN:tay-ninh") or the stored key
    name: str
    country: str
    regions: tuple[str, ...]     # region names (gazetteer)


@dataclass(frozen=True, slots=True)
class Tie:
    vn: str                      # unit ids
    jp: str
    kind: str
    fact: rows.Fact
    stated_as: tuple[str, str]   # the names the document used (an old unit's name)


@dataclass
class Index:
    """The knowledge base arranged for matching: today's units, who names whom, ties, sectors."""
    snap: rows.Snapshot
    units: dict[str, Unit] = field(default_factory=dict)
    doc_units: dict[str, dict[str, int]] = field(default_factory=dict)     # doc -> unit -> mentions
    unit_docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ties: list[Tie] = field(default_factory=list)
    doc_sectors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    doc_facts: dict[str, list[rows.Fact]] = field(default_factory=lambda: defaultdict(list))
    first_mention: dict[tuple[str, str], int] = field(default_factory=dict)   # (doc, unit) -> offset
    newest: str | None = None

    def counted(self, doc_id: str) -> bool:
        """A near-copy's facts are its original's: not counted twice."""
        doc = self.snap.documents.get(doc_id)
        return doc is not None and doc.duplicate_of is None

    def date(self, doc_id: str) -> str | None:
        """When a document speaks of: its publication, else the first date of the events it reports."""
        doc = self.snap.documents.get(doc_id)
        if doc is not None and doc.published:
            return doc.published
        dated = sorted(f.fields["date"] for f in self.doc_facts.get(doc_id, []) if f.kind == "event" and f.fields.get("date"))
        return dated[0] if dated else None


Snapshot = rows.Snapshot   # what the index is built from: every fact, mention and document at once


def load_index(store: SQLStore) -> Index:
    """The ranking's index over everything stored (read once; the web app caches it)."""
    return build_index(rows.snapshot(store))


def build_index(snap: rows.Snapshot) -> Index:
    index = Index(snap)
    by_name: dict[tuple[str, str], str] = {}
    for m in snap.mentions:
        unit = _unit_of(m.key, m.name, m.current, m.country)
        index.units.setdefault(unit.id, unit)
        by_name.setdefault((m.country, fold_name(m.name)), unit.id)
        if not index.counted(m.doc_id):
            continue
        index.doc_units.setdefault(m.doc_id, {})
        index.doc_units[m.doc_id][unit.id] = index.doc_units[m.doc_id].get(unit.id, 0) + m.count
        index.unit_docs[unit.id].add(m.doc_id)
        spot = (m.doc_id, unit.id)
        index.first_mention[spot] = min(index.first_mention.get(spot, m.first[0]), m.first[0])
    for doc_id, sector in snap.sectors:
        if index.counted(doc_id):
            index.doc_sectors[doc_id].add(sector)
    for fact in snap.facts:
        if not index.counted(fact.doc_id):
            continue
        index.doc_facts[fact.doc_id].append(fact)
        if fact.kind != "tie":
            continue
        vn = _named(index, by_name, "VN", fact.fields["vn"])
        jp = _named(index, by_name, "JP", fact.fields["jp"])
        index.ties.append(Tie(vn, jp, fact.fields["kind"], fact, (fact.fields["vn"], fact.fields["jp"])))
    dates = [d.published for d in snap.documents.values() if d.published]
    index.newest = max(dates) if dates else None
    return index


def _named(index: Index, by_name: dict[tuple[str, str], str], country: str, name: str) -> str:
    found = by_name.get((country, fold_name(name)))
    if found:
        return found
    unit = _unit_of(None, name, name, country)
    index.units.setdefault(unit.id, unit)
    return unit.id


def _unit_of(key: str | None, name: str, current: str, country: str) -> Unit:
    gazetteer = _gazetteer()
    if gazetteer is not None:
        known = gazetteer.get(key) if key else None
        if known is None:
            known = next((u for u in gazetteer.find(name) if u.country == country), None)
        if known is not None:
            today = gazetteer.get(known.current_key) or known
            return Unit(today.key, today.name, today.country, _regions(gazetteer, today))
    return Unit(key or f"{country}:{fold_name(current).replace(' ', '-')}", current, country, ())


def _regions(gazetteer: Any, unit: Any) -> tuple[str, ...]:
    keys = [m.key for m in gazetteer.members_of(unit.key)] + [unit.key]
    if getattr(unit, "prefecture", None):   # a designated city lies in its prefecture's region
        keys += [u.key for u in gazetteer.find(unit.prefecture) if u.country == unit.country]
    return tuple(sorted({r.name for k in keys for r in gazetteer.regions_of(k)}))


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    from ..gazetteer import load  # the package ships it: regions and merged units come from it
    return load()


# -- the question --------------------------------------------------------------------------------

def sector_of(word: str | None) -> str | None:
    """A contract sector label from a label or any word of the sector tables, in any language."""
    if word is None or not word.strip():
        return None
    label = word.strip().lower().replace("-", "_").replace(" ", "_")
    if label in SECTORS:
        return label
    from ..extract.sectors import _table
    text = word.strip()
    found = [s for _, _, s in _table("").finditer(text, fold(text))]
    if not found:
        raise UnknownSector(word)
    return Counter(found).most_common(1)[0][0]


def partners(store: SQLStore, locality: str, sector: str | None = None, country: str | None = None,
             include_existing: bool = False, limit: int | None = DEFAULT_LIMIT,
             index: Index | None = None) -> Ranking:
    """Candidates for `locality` (any spelling, old or new), best first, each with its reasons."""
    sector = sector_of(sector)
    found = resolve(store, locality)
    index = index or build_index(rows.snapshot(store))
    note = None
    unit = _query_unit(index, found)
    if found.merged_into:
        note = f"{found.unit.name} is part of {found.merged_into} since {found.merged_on or '2025-07-01'}"
    if country and country.upper() == unit.country:
        raise UsageError(f"--country {country.upper()}: {unit.name} is in {unit.country}; partners are "
                         f"of the other country")
    scored = score(index, unit.id, sector=sector, include_existing=include_existing)
    chosen = scored[:limit] if limit else scored
    candidates = _explain(store, index, unit, chosen, sector)
    return Ranking(unit.name, unit.country, sector, note, candidates)


def _query_unit(index: Index, found: Any) -> Unit:
    # The unit asked about, as today's unit (a merged province speaks for its successor).
    for member in found.members:
        u = _unit_of(member.key, member.name, member.current, member.country)
        if u.id in index.units:
            return index.units[u.id]
    u = found.unit
    return _unit_of(u.key, u.name, u.current, u.country)


# -- scoring -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Scored:
    unit: Unit
    score: float
    signals: dict[str, float]              # each scaled to 0..1
    raw: dict[str, float]
    support: dict[str, list[Any]]          # what each signal counted (facts, docs, ties)
    existing: bool


def score(index: Index, query: str, sector: str | None = None, hidden: frozenset[str] = frozenset(),
          include_existing: bool = False) -> list[Scored]:
    """Every candidate of the other country that the kept documents name, best first.
    `hidden`: documents to leave out (the evaluation's folds)."""
    q = index.units.get(query, None)
    if q is None:
        return []
    kept = [t for t in index.ties if t.fact.doc_id not in hidden]
    ties_of: dict[str, dict[str, list[Tie]]] = defaultdict(lambda: defaultdict(list))
    for t in kept:
        ties_of[t.vn][t.jp].append(t)
        ties_of[t.jp][t.vn].append(t)
    existing = set(ties_of[query])
    sectors = _sector_profiles(index, hidden)
    q_docs = index.unit_docs.get(query, set()) - hidden
    other = "JP" if q.country == "VN" else "VN"
    out = []
    for uid, unit in index.units.items():
        if unit.country != other:
            continue
        docs = index.unit_docs.get(uid, set()) - hidden
        if not docs and uid not in ties_of:
            continue
        if uid in existing and not include_existing:
            continue
        raw: dict[str, float] = {}
        support: dict[str, list[Any]] = {}
        # together: named with the locality, no tie stated between them in that document
        tied_docs = {t.fact.doc_id for t in ties_of[query].get(uid, [])}
        together = sorted(q_docs & docs - tied_docs)
        raw["together"] = sum(_together_weight(index, d, other) for d in together)
        support["together"] = together
        # similar: its ties with localities like this one
        similar = []
        for other_unit, ts in ties_of[uid].items():
            if other_unit == query:
                continue
            sim, why = _similarity(index, sectors, q, index.units[other_unit])
            if sim > 0:
                similar.append((sim * max(_strength(index, t) for t in ts), other_unit, why, ts))
        similar.sort(key=lambda s: -s[0])
        raw["similar"] = sum(s[0] for s in similar)
        support["similar"] = similar
        # sector activity
        if sector:
            in_sector = sorted(d for d in docs if sector in index.doc_sectors.get(d, ()))
            facts = [f for d in in_sector for f in index.doc_facts.get(d, []) if f.kind in ("event", "figure", "person")]
            raw["sector"] = math.log1p(len(in_sector)) + 0.3 * math.log1p(len(facts))
            support["sector"] = in_sector
        else:
            shared = _cosine(sectors.get(query, Counter()), sectors.get(uid, Counter()))
            raw["sector"] = shared * math.log1p(len(docs))
            support["sector"] = sorted(docs)
        # engagement with the other country: strength and recency of its ties
        engagements = [t for other_unit, ts in ties_of[uid].items() if other_unit != query for t in ts]
        per_partner: dict[str, float] = {}
        for t in engagements:
            partner = t.vn if t.jp == uid else t.jp
            per_partner[partner] = max(per_partner.get(partner, 0.0), _strength(index, t))
        raw["engagement"] = sum(per_partner.values())
        support["engagement"] = sorted(engagements, key=lambda t: (index.date(t.fact.doc_id) or ""),
                                       reverse=True)
        # investment figures in its documents
        money = [f for d in sorted(docs) for f in index.doc_facts.get(d, [])
                 if f.kind == "figure" and f.fields["unit"] in MONEY]
        raw["investment"] = math.log1p(len(money))
        support["investment"] = money
        out.append((unit, raw, support, uid in existing))
    top = {s: max((r[s] for _, r, _, _ in out), default=0.0) for s in WEIGHTS}
    weights = dict(WEIGHTS, sector=SECTOR_ASKED) if sector else WEIGHTS
    scored = []
    for unit, raw, support, is_existing in out:
        signals = {s: (raw[s] / top[s] if top[s] > 0 else 0.0) for s in WEIGHTS}
        total = sum(weights[s] * signals[s] for s in WEIGHTS)
        scored.append(Scored(unit, total, signals, raw, support, is_existing))
    # equal scores: the candidate the kept documents name most often first
    scored.sort(key=lambda s: (-s.score, -len(index.unit_docs.get(s.unit.id, set()) - hidden), s.unit.name))
    return scored


def popularity(index: Index, query: str, hidden: frozenset[str] = frozenset()) -> list[Unit]:
    """The baseline: candidates with the most partners (then the most documents) first."""
    q = index.units.get(query)
    if q is None:
        return []
    partners_of: dict[str, set[str]] = defaultdict(set)
    for t in index.ties:
        if t.fact.doc_id in hidden:
            continue
        partners_of[t.vn].add(t.jp)
        partners_of[t.jp].add(t.vn)
    existing = partners_of[query]
    other = "JP" if q.country == "VN" else "VN"
    found = [u for uid, u in index.units.items() if u.country == other and uid not in existing
             and (index.unit_docs.get(uid, set()) - hidden or uid in partners_of)]
    found.sort(key=lambda u: (-len(partners_of[u.id]), -len(index.unit_docs.get(u.id, set()) - hidden), u.name))
    return found


def _together_weight(index: Index, doc_id: str, country: str) -> float:
    """A document naming few localities of the candidate's country says more of each than a forum
    naming twenty; one that reports an event says more than a passing mention."""
    named = sum(1 for u in index.doc_units.get(doc_id, {}) if index.units[u].country == country)
    return (1 + TOGETHER_EVENT * _has(index, doc_id, "event")) / max(1, named) ** TOGETHER_CROWD


def _has(index: Index, doc_id: str, kind: str) -> bool:
    return any(f.kind == kind for f in index.doc_facts.get(doc_id, []))


def _strength(index: Index, tie: Tie) -> float:
    weight = KIND_WEIGHT.get(tie.kind, 0.5)
    date, newest = index.date(tie.fact.doc_id), index.newest
    if date and newest:
        years = max(0.0, _years(newest) - _years(date))
        weight *= 0.5 ** (years / HALF_LIFE_YEARS)
    return weight


def _years(date: str) -> float:
    parts = [int(p) for p in date[:10].split("-") if p.isdigit()]
    year = parts[0] if parts else 0
    month = parts[1] if len(parts) > 1 else 6
    return year + (month - 1) / 12


def _sector_profiles(index: Index, hidden: frozenset[str]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, units in index.doc_units.items():
        if doc_id in hidden:
            continue
        for uid in units:
            out[uid].update(index.doc_sectors.get(doc_id, ()))
    return out


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[k] * b[k] for k in a if k in b)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _similarity(index: Index, sectors: dict[str, Counter[str]], a: Unit, b: Unit) -> tuple[float, list[str]]:
    """How alike two localities of one country are, and why (shared regions, shared sectors)."""
    why = []
    regions = sorted(set(a.regions) & set(b.regions))
    sim = SAME_REGION if regions else 0.0
    if regions:
        why.append("region:" + regions[0])
    pa, pb = sectors.get(a.id, Counter()), sectors.get(b.id, Counter())
    overlap = _cosine(pa, pb)
    if overlap > 0:
        sim += (1 - SAME_REGION) * overlap
        shared = sorted(set(pa) & set(pb), key=lambda s: -(pa[s] * pb[s]))[:2]
        why += ["sector:" + s for s in shared]
    return sim, why


# -- reasons -------------------------------------------------------------------------------------

def _explain(store: SQLStore, index: Index, q: Unit, chosen: list[Scored], sector: str | None) -> list[Candidate]:
    """Reasons in words, each with its documents and sentences (read for the chosen ones only)."""
    drafts = [(s, list(_drafts(index, q, s, sector))) for s in chosen]
    # A sector reason cites where the document speaks of the sector (a word of the sector tables).
    sector_docs = sorted({doc for _, ds in drafts for d in ds if d[0] == "sector" for doc, _, _ in d[4]})
    texts = rows.texts_of(store, sector_docs) if sector_docs else {}
    placed = []
    for s, ds in drafts:
        placed.append((s, [(sig, text, w, docs, [(*_sector_spot(index, texts, sector, doc, off), fact)
                                                 if sig == "sector" else (doc, off, fact)
                                                 for doc, off, fact in cites])
                           for sig, text, w, docs, cites in ds]))
    said = rows.sentences_at(store, {(doc, off) for _, ds in placed for d in ds
                                     for doc, off, _ in d[4][:EVIDENCE_PER_REASON]})
    out = []
    for s, ds in placed:
        reasons = []
        for signal, text, weight, documents, cites in ds:
            evidence = []
            for doc, off, fact in cites[:EVIDENCE_PER_REASON]:
                sentence = said.get((doc, off))
                if sentence is None:
                    continue
                meta = index.snap.documents[doc]
                evidence.append(Evidence(doc, meta.title, meta.published, sentence.start, sentence.end,
                                         sentence.text, fact, index.snap.clusters.get(doc)))
            if evidence:   # every reason cites at least one document a user can open at its sentence
                reasons.append(Reason(signal, text, weight, tuple(documents), tuple(evidence)))
        out.append(Candidate(s.unit.name, s.unit.country, s.score, s.existing, tuple(reasons)))
    return out


Cite = tuple[str, int, str | None]      # (doc_id, offset, fact anchor)


def _drafts(index: Index, q: Unit, s: Scored, sector: str | None) -> Iterable[tuple[str, str, float, list[str], list[Cite]]]:
    p = s.unit
    weights = dict(WEIGHTS, sector=SECTOR_ASKED) if sector else WEIGHTS
    weight = {k: weights[k] * v for k, v in s.signals.items()}
    together = s.support["together"]
    if together:
        cites = [(d, index.first_mention.get((d, p.id), 0), None) for d in _newest(index, together)]
        events = sorted({f.fields["type"] for d in together for f in index.doc_facts.get(d, []) if f.kind == "event"})
        what = f" (events: {', '.join(events)})" if events else ""
        yield ("together", (f"{p.name} and {q.name} are named together in {_n(len(together), 'document')}"
               f" that {'states' if len(together) == 1 else 'state'} no tie between them{what}."), weight["together"], together, cites)
    similar = s.support["similar"]
    if similar:
        parts, docs, cites = [], [], []
        for _, other, why, ts in similar[:3]:
            strongest = max(ts, key=lambda t: _strength(index, t))
            named = index.units[other].name
            old = strongest.stated_as[0] if strongest.vn == other else strongest.stated_as[1]
            via = f" (as the former {old})" if fold_name(old) != fold_name(named) else ""
            likeness = [w.split(":", 1)[1] for w in why]
            region = [w.split(":", 1)[1] for w in why if w.startswith("region:")]
            shared = [w.split(":", 1)[1].replace("_", " ") for w in why if w.startswith("sector:")]
            like = "; ".join(([f"same region, {region[0]}"] if region else [])
                             + ([f"shares {', '.join(shared)}"] if shared else [])) or ", ".join(likeness)
            parts.append(f"{named}{via}: {strongest.kind}, {index.date(strongest.fact.doc_id) or 'undated'} ({like})")
            docs += sorted({t.fact.doc_id for t in ts})
            cites.append(_fact_cite(strongest.fact))
        yield ("similar", f"{p.name} has ties with localities like {q.name}: " + "; ".join(parts) + ".",
               weight["similar"], list(dict.fromkeys(docs)), cites)
    in_sector = s.support["sector"]
    if sector and in_sector:
        facts = [f for d in in_sector for f in index.doc_facts.get(d, [])]
        counts = Counter(f.kind for f in facts)
        detail = ", ".join(_n(counts[k], k) for k in ("event", "figure", "person") if counts[k])
        cites = [(d, index.first_mention.get((d, p.id), 0), None) for d in _newest(index, in_sector)]
        yield ("sector", f"{p.name} is active in {sector.replace('_', ' ')}: {_n(len(in_sector), 'document')}"
               + (f" with {detail}" if detail else "") + ".", weight["sector"], in_sector, cites)
    elif not sector and s.signals["sector"] > 0:
        mine = Counter(x for d in in_sector for x in index.doc_sectors.get(d, ()))
        theirs = Counter(x for d in index.unit_docs.get(q.id, ()) for x in index.doc_sectors.get(d, ()))
        shared = sorted(set(mine) & set(theirs), key=lambda x: -(mine[x] * theirs[x]))[:3]
        docs = [d for d in in_sector if index.doc_sectors.get(d, set()) & set(shared)]
        cites = [(d, index.first_mention.get((d, p.id), 0), None) for d in _newest(index, docs)]
        if shared:
            yield ("sector", f"{p.name} works in the sectors {q.name} is active in: "
                   + ", ".join(f"{x.replace('_', ' ')} ({_n(mine[x], 'document')})" for x in shared) + ".",
                   weight["sector"], docs, cites)
    engagements = s.support["engagement"]
    if engagements:
        partners = list(dict.fromkeys((t.vn if t.jp == p.id else t.jp) for t in engagements))
        newest = engagements[0]
        names = ", ".join(index.units[x].name for x in partners[:5]) + (" …" if len(partners) > 5 else "")
        cites = [_fact_cite(t.fact) for t in sorted(engagements, key=lambda t: -_strength(index, t))]
        yield ("engagement", (f"{p.name} has ties with {_n(len(partners), 'locality', 'localities')} of "
               f"{'Vietnam' if p.country == 'JP' else 'Japan'} ({names}); the latest: {newest.kind}, "
               f"{index.date(newest.fact.doc_id) or 'undated'}."), weight["engagement"],
               sorted({t.fact.doc_id for t in engagements}), cites)
    money = s.support["investment"]
    if money:
        top = sorted(money, key=lambda f: -float(f.fields["value"]))[:3]
        amounts = ", ".join(f"{_amount(f.fields['value'])} {f.fields['unit']}" for f in top)
        yield ("investment", f"Documents naming {p.name} report investment figures: {amounts}.",
               weight["investment"], sorted({f.doc_id for f in money}), [_fact_cite(f) for f in top])


def _newest(index: Index, docs: Iterable[str]) -> list[str]:
    return sorted(docs, key=lambda d: (index.date(d) or "", d), reverse=True)


def _doc_cite(index: Index, doc_id: str, unit: str, prefer: str) -> Cite:
    for f in index.doc_facts.get(doc_id, []):
        if f.kind == prefer and f.spans:
            return _fact_cite(f)
    return (doc_id, index.first_mention.get((doc_id, unit), 0), None)


def _fact_cite(fact: rows.Fact) -> Cite:
    start = fact.spans[0][0] if fact.spans else 0
    return (fact.doc_id, start, fact.anchor)


def _sector_spot(index: Index, texts: dict[str, str], sector: str | None, doc: str, offset: int) -> tuple[str, int]:
    """Where the document speaks of the sector (a word of the sector tables), else where it names the partner."""
    text = texts.get(doc)
    if not text:
        return doc, offset
    from ..extract.sectors import _table
    lang = index.snap.documents[doc].lang
    wanted = {sector} if sector else index.doc_sectors.get(doc, set())
    for start, _, found in _table(lang).finditer(text, fold(text)):
        if found in wanted:
            return doc, start
    return doc, offset


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value) >= 1000 else f"{value:g}"


def reason_rows(ranking: Ranking) -> list[dict[str, Any]]:
    """One flat row per reason of every candidate (CSV for spreadsheets): the CLI's and the API's."""
    return [{"locality": ranking.locality, "rank": i + 1, "partner": c.partner, "score": round(c.score, 4),
             "existing": c.existing, "signal": r.signal, "reason": r.text, "documents": ";".join(r.documents),
             "sentence": r.evidence[0].sentence if r.evidence else ""}
            for i, c in enumerate(ranking.candidates) for r in c.reasons]


def page_url(locality: str, sector: str | None = None) -> str:
    return f"/partners/{quote(locality, safe='')}" + (f"?sector={sector}" if sector else "")


# -- evaluation ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Fold:
    query: str
    hidden_partner: str
    rank: int | None             # 1-based among the candidates; None: not among them at all
    baseline_rank: int | None
    hidden_documents: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    side: str
    folds: list[Fold]
    k: int = 5

    def _metrics(self, ranks: list[int | None]) -> tuple[float, float]:
        if not ranks:
            return 0.0, 0.0
        hits = sum(1 for r in ranks if r is not None and r <= self.k) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        return hits, mrr

    @property
    def hit(self) -> float:
        return self._metrics([f.rank for f in self.folds])[0]

    @property
    def mrr(self) -> float:
        return self._metrics([f.rank for f in self.folds])[1]

    @property
    def baseline_hit(self) -> float:
        return self._metrics([f.baseline_rank for f in self.folds])[0]

    @property
    def baseline_mrr(self) -> float:
        return self._metrics([f.baseline_rank for f in self.folds])[1]

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "ties": len(self.folds), f"hit@{self.k}": round(self.hit, 4),
                "mrr": round(self.mrr, 4), f"baseline_hit@{self.k}": round(self.baseline_hit, 4),
                "baseline_mrr": round(self.baseline_mrr, 4), "folds": [asdict(f) for f in self.folds]}


def evaluate(store: SQLStore, side: str = "VN", k: int = 5, index: Index | None = None) -> Evaluation:
    """For every known tie (of today's units): hide it and the documents that state it, rank the
    candidates of the `side` locality (VN: Japanese partners for the Vietnamese side), and see
    where the hidden partner comes, in this ranking and in the popularity baseline."""
    side = side.upper()
    if side not in ("VN", "JP"):
        raise UsageError(f"side must be VN or JP, not {side!r}")
    index = index or build_index(rows.snapshot(store))
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for t in index.ties:
        pairs[(t.vn, t.jp)].add(t.fact.doc_id)
    folds = []
    for (vn, jp), docs in sorted(pairs.items(), key=lambda kv: (index.units[kv[0][0]].name, index.units[kv[0][1]].name)):
        query, hidden_partner = (vn, jp) if side == "VN" else (jp, vn)
        hidden = frozenset(docs)
        ranked = [s.unit.id for s in score(index, query, hidden=hidden)]
        baseline = [u.id for u in popularity(index, query, hidden=hidden)]
        folds.append(Fold(index.units[query].name, index.units[hidden_partner].name, _rank(ranked, hidden_partner),
                          _rank(baseline, hidden_partner), len(hidden)))
    return Evaluation(side, folds, k)


def _rank(ranked: list[str], wanted: str) -> int | None:
    return ranked.index(wanted) + 1 if wanted in ranked else None


__all__ = [
    "WEIGHTS",
    "Candidate",
    "Evaluation",
    "Evidence",
    "Fold",
    "Index",
    "Ranking",
    "Reason",
    "Snapshot",
    "UnknownSector",
    "build_index",
    "evaluate",
    "load_index",
    "partners",
    "popularity",
    "score",
    "sector_of",
]


# -- charts --------------------------------------------------------------------------------------

def _year(index: Index, doc_id: str, date: str | None = None) -> str | None:
    """The year of an event, else of its document's publication, else of the document's first dated event."""
    when = date or index.date(doc_id)
    if not when:
        dated = sorted(f.fields["date"] for f in index.doc_facts.get(doc_id, []) if f.kind == "event" and f.fields.get("date"))
        when = dated[0] if dated else None
    return when[:4] if when and when[:4].isdigit() else None


def events_by_partner(index: Index, unit_id: str) -> list[tuple[str, str]]:
    """(partner, year) for each event reported by a document that states a tie of this unit with it."""
    points = []
    seen: set[tuple[str, int]] = set()
    for t in index.ties:
        if unit_id not in (t.vn, t.jp):
            continue
        partner = index.units[t.jp if t.vn == unit_id else t.vn].name
        for f in index.doc_facts.get(t.fact.doc_id, []):
            if f.kind == "event" and (partner, f.id) not in seen:
                seen.add((partner, f.id))
                year = _year(index, f.doc_id, f.fields.get("date"))
                if year:
                    points.append((partner, year))
    return points


def ties_by_kind(index: Index) -> list[tuple[str, str]]:
    """(kind, year) for each tie a document states (a pair stated twice in one document counts once)."""
    seen: set[tuple[str, str, str, str]] = set()
    points = []
    for t in index.ties:
        key = (t.vn, t.jp, t.kind, t.fact.doc_id)
        if key in seen:
            continue
        seen.add(key)
        year = _year(index, t.fact.doc_id)
        if year:
            points.append((t.kind, year))
    return points


def unit_id(store: SQLStore, index: Index, locality: str) -> str:
    return _query_unit(index, resolve(store, locality)).id
