#!/usr/bin/env python3
"""Score kizuna's event clustering against eval/clusters/gold.json.

    kizuna events --db DB --format jsonl > events.jsonl
    python eval/clusters/score.py events.jsonl [--gold eval/clusters/gold.json] [--json]
    kizuna events --db DB --format jsonl | python eval/clusters/score.py -

Each input line is one predicted event with at least `id`, `occasion` (an id or
null) and `sources` (the source of every document whose headline event it is).
A source is matched to a gold document by its file name (the last path or URL
segment), so the folder the documents were ingested from does not matter.

Figures printed:
- pairwise precision, recall and F1 of "these two gold documents report the
  same headline event" (a gold document missing from every event counts as
  alone in an event of its own);
- gold events split over several predicted events, and gold events merged with
  another gold event into one predicted event;
- occasion accuracy: for each pair (a, b) of documents where a's gold event has
  b's gold event as its occasion, whether a's predicted event has b's predicted
  event as its occasion;
- duplicates: how many annotated near-duplicate copies share their original's
  predicted event;
- with --shared DIR: whether shared documents 002 and 004 are two different
  events under one common occasion that no other shared document joins.

Standard library only, so the lead's tests and CI can import `score`.
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold.json"
EVENT_TYPES = {"visit", "reception", "forum", "workshop", "signing", "investment_promotion", "other"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The real development set (eval/real/clusters.json) also has the contract's partial dates, when the
# reports give no full one: a year and month, a year, a day and month (--11-25) or a month (--07).
EVENT_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}|--\d{2}-\d{2}|--\d{2})$")
# Shared-corpus file names look like 002_7fd814692ccad4fe.txt.
SHARED_NAME = re.compile(r"^(\d{3})_[0-9a-f]+(\.\w+)?$")
SHARED_PAIR = ("002", "004")


def file_name(source: str) -> str:
    """The last segment of a path or URL, without query or fragment."""
    text = str(source).split("?", 1)[0].split("#", 1)[0].rstrip("/\\")
    return re.split(r"[/\\]", text)[-1]


def parse_events(lines: Iterable[str | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Predicted events from JSON lines (strings) or already parsed objects; blank lines skipped."""
    events: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if isinstance(line, Mapping):
            events.append(dict(line))
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"line {number}: not JSON ({err.msg})") from err
        if not isinstance(obj, dict):
            raise ValueError(f"line {number}: expected a JSON object")
        events.append(obj)
    return events


def load_gold(gold: Mapping[str, Any] | str | Path) -> dict[str, Any]:
    if isinstance(gold, (str, Path)):
        return json.loads(Path(gold).read_text(encoding="utf-8"))
    return dict(gold)


def assign(events: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str | None], list[str]]:
    """Map file name -> predicted event id, event id -> occasion id, and warnings."""
    doc_event: dict[str, str] = {}
    occasion: dict[str, str | None] = {}
    warnings: list[str] = []
    for index, event in enumerate(events):
        event_id = str(event.get("id", f"#{index}"))
        parent = event.get("occasion")
        occasion[event_id] = None if parent is None else str(parent)
        for source in event.get("sources") or []:
            name = file_name(source)
            if name in doc_event and doc_event[name] != event_id:
                warnings.append(f"{name} is a source of {doc_event[name]} and of {event_id}: kept the first")
                continue
            doc_event[name] = event_id
    return doc_event, occasion, warnings


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _pairwise(docs: list[str], gold_of: dict[str, str], pred_of: dict[str, str]) -> dict[str, Any]:
    tp = fp = fn = 0
    wrong: list[dict[str, Any]] = []
    for a, b in itertools.combinations(sorted(docs), 2):
        gold_same = gold_of[a] == gold_of[b]
        pred_same = pred_of[a] == pred_of[b]
        if gold_same and pred_same:
            tp += 1
        elif pred_same:
            fp += 1
            wrong.append({"kind": "merged", "a": a, "b": b, "gold": [gold_of[a], gold_of[b]], "pred": pred_of[a]})
        elif gold_same:
            fn += 1
            wrong.append({"kind": "split", "a": a, "b": b, "gold": gold_of[a], "pred": [pred_of[a], pred_of[b]]})
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "wrong_pairs": wrong}


def _split_and_merged(docs: list[str], gold_of: dict[str, str], pred_of: dict[str, str]) -> tuple[list[str], list[str]]:
    preds_of_gold: dict[str, set[str]] = defaultdict(set)
    golds_of_pred: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        preds_of_gold[gold_of[doc]].add(pred_of[doc])
        golds_of_pred[pred_of[doc]].add(gold_of[doc])
    split = sorted(g for g, preds in preds_of_gold.items() if len(preds) > 1)
    merged = sorted({g for golds in golds_of_pred.values() if len(golds) > 1 for g in golds})
    return split, merged


def _occasions(docs: list[str], gold: dict[str, Any], gold_of: dict[str, str], pred_of: dict[str, str],
               pred_occasion: dict[str, str | None]) -> dict[str, Any]:
    """Document pairs (a in a sub-event, b in its occasion): is pred(a)'s occasion pred(b)?"""
    events = gold["events"]
    checked: list[dict[str, Any]] = []
    for a, b in itertools.permutations(sorted(docs), 2):
        if events[gold_of[a]].get("occasion") != gold_of[b]:
            continue
        event_a, event_b = pred_of[a], pred_of[b]
        right = event_a != event_b and pred_occasion.get(event_a) == event_b
        checked.append({"a": a, "b": b, "gold": [gold_of[a], gold_of[b]], "pred": [event_a, event_b],
                        "pred_occasion": pred_occasion.get(event_a), "correct": right})
    correct = sum(1 for item in checked if item["correct"])
    return {"pairs": len(checked), "correct": correct, "accuracy": _ratio(correct, len(checked)),
            "wrong": [item for item in checked if not item["correct"]]}


def predicted_duplicates(events: list[dict[str, Any]]) -> set[frozenset[str]] | None:
    """Unordered file-name pairs that kizuna marked as copies, from each event's `documents`
    (`source`, `doc_id`, `duplicate_of`); None when the output carries no such detail."""
    name_of: dict[str, str] = {}
    marked: list[tuple[str, str]] = []
    for event in events:
        for doc in event.get("documents") or []:
            if not isinstance(doc, Mapping) or "source" not in doc:
                continue
            name = file_name(doc["source"])
            if doc.get("doc_id"):
                name_of[str(doc["doc_id"])] = name
            if doc.get("duplicate_of"):
                marked.append((name, str(doc["duplicate_of"])))
    if not name_of:
        return None
    return {frozenset((name, name_of.get(original, original))) for name, original in marked}


def _duplicates(gold: dict[str, Any], pred_of: dict[str, str], marked: set[frozenset[str]] | None) -> dict[str, Any]:
    """Copies in their original's event and, when the output says which documents are copies,
    precision and recall of those copy pairs over the gold documents."""
    pairs = [(name, doc["duplicate_of"]) for name, doc in gold["documents"].items() if doc.get("duplicate_of")]
    together = [pair for pair in pairs if pred_of[pair[0]] == pred_of[pair[1]]]
    out: dict[str, Any] = {"pairs": len(pairs), "same_event": len(together),
                           "apart": [list(pair) for pair in pairs if pair not in together]}
    if marked is not None:
        gold_pairs = {frozenset(pair) for pair in pairs}
        known = set(gold["documents"])
        marked = {pair for pair in marked if pair <= known}
        found = len(gold_pairs & marked)
        out.update({"detected": found, "precision": _ratio(found, len(marked)), "recall": _ratio(found, len(gold_pairs)),
                    "false": [sorted(pair) for pair in marked - gold_pairs],
                    "missed": [sorted(pair) for pair in gold_pairs - marked]})
    return out


def score(events_jsonl_lines: Iterable[str | Mapping[str, Any]],
          gold: Mapping[str, Any] | str | Path = DEFAULT_GOLD) -> dict[str, Any]:
    """All figures for one run of `kizuna events --format jsonl` against the gold groups."""
    gold_data = load_gold(gold)
    events = parse_events(events_jsonl_lines)
    doc_event, pred_occasion, warnings = assign(events)
    docs = sorted(gold_data["documents"])
    gold_of = {doc: gold_data["documents"][doc]["event"] for doc in docs}
    missing = [doc for doc in docs if doc not in doc_event]
    # A document no event claims stands alone: it can only lose recall, never gain precision.
    pred_of = {doc: doc_event.get(doc, f"(none: {doc})") for doc in docs}
    pairwise = _pairwise(docs, gold_of, pred_of)
    split, merged = _split_and_merged(docs, gold_of, pred_of)
    return {
        "documents": len(docs),
        "documents_missing": missing,
        "gold_events": len(gold_data["events"]),
        "predicted_events": len({pred_of[doc] for doc in docs}),
        "precision": pairwise["precision"],
        "recall": pairwise["recall"],
        "f1": pairwise["f1"],
        "tp": pairwise["tp"], "fp": pairwise["fp"], "fn": pairwise["fn"],
        "events_split": split,
        "events_merged": merged,
        "occasion": _occasions(docs, gold_data, gold_of, pred_of, pred_occasion),
        "duplicates": _duplicates(gold_data, pred_of, predicted_duplicates(events)),
        "wrong_pairs": pairwise["wrong_pairs"],
        "warnings": warnings,
    }


def check_shared(events_jsonl_lines: Iterable[str | Mapping[str, Any]], shared: str | Path | None = None) -> dict[str, Any]:
    """The shared-corpus rule: 002 and 004 are two events with one common occasion; no other shared document joins either.

    A shared document is a source whose file name looks like `NNN_hexdigits.ext`;
    when `shared` is a folder with corpus/seeds, its file names are used too.
    """
    known: set[str] = set()
    seeds = Path(shared) / "corpus" / "seeds" if shared else None
    if seeds is not None and seeds.is_dir():
        known = {path.name for path in seeds.iterdir()}
    doc_event, pred_occasion, _ = assign(parse_events(events_jsonl_lines))

    def number(name: str) -> str | None:
        match = SHARED_NAME.match(name)
        if match:
            return match.group(1)
        return name[:3] if name in known else None

    shared_docs = {name: number(name) for name in doc_event if number(name)}
    by_number = {num: name for name, num in shared_docs.items()}
    first, second = (by_number.get(num) for num in SHARED_PAIR)
    result: dict[str, Any] = {"found": [num for num in SHARED_PAIR if by_number.get(num)], "holds": False, "reasons": []}
    if first is None or second is None:
        result["reasons"].append("002 and 004 are not both among the sources")
        return result
    event_a, event_b = doc_event[first], doc_event[second]
    occasion_a, occasion_b = pred_occasion.get(event_a), pred_occasion.get(event_b)
    result.update({"events": [event_a, event_b], "occasions": [occasion_a, occasion_b]})
    if event_a == event_b:
        result["reasons"].append("002 and 004 are in one event")
    if occasion_a is None or occasion_a != occasion_b:
        result["reasons"].append("002 and 004 do not share an occasion")
    intruders = sorted(name for name in shared_docs if name not in (first, second)
                       and doc_event[name] in (event_a, event_b))
    if intruders:
        result["reasons"].append("other shared documents join them: " + ", ".join(intruders))
    result["holds"] = not result["reasons"]
    return result


def validate_gold(gold: Mapping[str, Any] | str | Path = DEFAULT_GOLD, docs_dir: str | Path | None = HERE / "docs") -> list[str]:
    """Problems in the gold file itself (empty when it is consistent with the documents folder)."""
    data = load_gold(gold)
    problems: list[str] = []
    events, documents = data.get("events", {}), data.get("documents", {})
    for event_id, event in events.items():
        if event.get("type") not in EVENT_TYPES:
            problems.append(f"{event_id}: type {event.get('type')!r} is not in the vocabulary")
        for key in ("date", "end"):
            if event.get(key) is not None and not EVENT_DATE.match(str(event[key])):
                problems.append(f"{event_id}: {key} {event[key]!r} is not an ISO date (or a partial one)")
        parent = event.get("occasion")
        if parent is not None and (parent not in events or parent == event_id):
            problems.append(f"{event_id}: occasion {parent!r} is not another gold event")
    for name, doc in documents.items():
        if doc.get("event") not in events:
            problems.append(f"{name}: event {doc.get('event')!r} is not a gold event")
        original = doc.get("duplicate_of")
        if original is not None and (original not in documents or documents[original].get("event") != doc.get("event")):
            problems.append(f"{name}: duplicate_of {original!r} is not a document of the same event")
    reported = {doc.get("event") for doc in documents.values()}
    mentioned_only = {e.get("occasion") for e in events.values()} - reported - {None}
    problems += [f"{event_id}: no document" for event_id in sorted(set(events) - reported - mentioned_only)]
    if docs_dir is not None and Path(docs_dir).is_dir():
        on_disk = {path.name for path in Path(docs_dir).iterdir() if path.is_file()}
        problems += [f"{name}: in gold.json but not in {docs_dir}" for name in sorted(set(documents) - on_disk)]
        problems += [f"{name}: in {docs_dir} but not in gold.json" for name in sorted(on_disk - set(documents))]
    return problems


def _print_report(result: dict[str, Any], shared: dict[str, Any] | None) -> None:
    print(f"documents {result['documents']}  gold events {result['gold_events']}  "
          f"predicted events (over gold documents) {result['predicted_events']}")
    if result["documents_missing"]:
        print(f"documents in no predicted event: {len(result['documents_missing'])}: "
              + ", ".join(result["documents_missing"]))
    print(f"pairwise  P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}  "
          f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
    print(f"gold events split: {len(result['events_split'])} {' '.join(result['events_split'])}")
    print(f"gold events merged with another: {len(result['events_merged'])} {' '.join(result['events_merged'])}")
    occasion = result["occasion"]
    print(f"occasion accuracy {occasion['accuracy']:.3f} ({occasion['correct']}/{occasion['pairs']} document pairs)")
    duplicates = result["duplicates"]
    print(f"duplicates in their original's event: {duplicates['same_event']}/{duplicates['pairs']}")
    if "detected" in duplicates:
        print(f"duplicates marked as copies: P {duplicates['precision']:.3f}  R {duplicates['recall']:.3f}  "
              f"({duplicates['detected']}/{duplicates['pairs']})")
        for pair in duplicates["false"]:
            print(f"  not a copy: {pair[0]} ~ {pair[1]}")
        for pair in duplicates["missed"]:
            print(f"  copy missed: {pair[0]} ~ {pair[1]}")
    for warning in result["warnings"]:
        print(f"warning: {warning}")
    for pair in result["wrong_pairs"]:
        if pair["kind"] == "merged":
            print(f"  merged  {pair['a']} ({pair['gold'][0]}) + {pair['b']} ({pair['gold'][1]}) -> {pair['pred']}")
        else:
            print(f"  split   {pair['a']} + {pair['b']} ({pair['gold']}) -> {pair['pred'][0]} / {pair['pred'][1]}")
    # One line per (predicted sub-event, predicted occasion) rather than per document pair.
    grouped: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for item in occasion["wrong"]:
        grouped[(*item["gold"], *item["pred"], str(item["pred_occasion"]))].append(item)
    for (gold_a, gold_b, pred_a, pred_b, pred_occ), items in grouped.items():
        subs = sorted({item["a"] for item in items})
        print(f"  occasion  {gold_a} under {gold_b}: predicted {pred_a} has occasion {pred_occ}, not {pred_b} "
              f"({len(items)} pairs; {', '.join(subs)})")
    if shared is not None:
        verdict = "holds" if shared["holds"] else "fails: " + "; ".join(shared["reasons"])
        print(f"shared 002/004 rule {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="?", default="-", help="kizuna events --format jsonl output, or - for stdin")
    parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="gold groups (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--shared", metavar="DIR", help="also check the 002/004 rule of the shared corpus in DIR")
    parser.add_argument("--check", action="store_true", help="only validate the gold file against docs/ and exit")
    args = parser.parse_args(argv)
    if args.check:
        problems = validate_gold(args.gold, Path(args.gold).resolve().parent / "docs")
        for problem in problems:
            print(problem)
        print("gold.json is consistent" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    if args.events == "-":
        lines = sys.stdin.read().splitlines()
    else:
        lines = Path(args.events).read_text(encoding="utf-8").splitlines()
    try:
        result = score(lines, args.gold)
        shared = check_shared(lines, args.shared) if args.shared else None
    except ValueError as err:
        print(f"score.py: {err}", file=sys.stderr)
        return 2
    if args.json:
        out = dict(result)
        if shared is not None:
            out["shared"] = shared
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        _print_report(result, shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
