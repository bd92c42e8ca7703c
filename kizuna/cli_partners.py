"""`kizuna partners`, `kizuna digest` and `kizuna export`: argument translation, one query call,
rendering. Registered on the main app by `register(app)`."""
from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape

from .query import digest as digest_query
from .query import exports
from .query import partners as partners_query

DB_HELP = "The knowledge base: an SQLite file, or postgresql://USER@HOST:PORT/DB."
DbOption = Annotated[str, typer.Option("--db", envvar="KIZUNA_DB", help=DB_HELP)]


def register(app: typer.Typer) -> None:
    app.command("partners")(partners)
    app.command("digest")(digest)
    app.command("export")(export)


def partners(locality: Annotated[str | None, typer.Argument(
                 help="A province or prefecture, any spelling, old or new name.")] = None,
             sector: Annotated[str | None, typer.Option(
                 "--sector", "-s", help="A sector (agriculture, manufacturing, ...) or a word of one in any "
                                        "language (\"hi-tech agriculture\", \"nông nghiệp\").")] = None,
             country: Annotated[str | None, typer.Option(
                 "--country", help="VN or JP: the country of the partners (the other one's by default).")] = None,
             include_existing: Annotated[bool, typer.Option(
                 "--include-existing", help="Keep the candidates that already have a tie.")] = False,
             limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 10,
             evaluate: Annotated[bool, typer.Option(
                 "--evaluate", help="Hide each known tie (and the documents stating it), rank, and print "
                                    "hit@5 and MRR against a popularity baseline.")] = False,
             side: Annotated[str, typer.Option("--side", help="With --evaluate: VN (rank Japanese partners "
                                                             "of the Vietnamese side) or JP.")] = "VN",
             db: DbOption = "kizuna.db",
             format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table") -> None:
    """Rank partner candidates for a locality, each with reasons citing documents and sentences.

    Example: kizuna partners "Long An" --sector "hi-tech agriculture"
    Example: kizuna partners --evaluate
    """
    from .cli import _fail, _out, _reading
    _check_format(format, ("table", "jsonl", "csv"))
    if country is not None and country.upper() not in ("VN", "JP"):
        _fail(f"--country must be VN or JP, not {country!r}")
    with _reading(db) as store:
        if evaluate:
            result = partners_query.evaluate(store, side=side)  # type: ignore[arg-type]
            if format == "jsonl":
                sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                return
            out = _out()
            out.print(f"{len(result.folds)} ties, {result.side} side: hit@{result.k} {result.hit:.3f}  "
                      f"MRR {result.mrr:.3f}", highlight=False)
            out.print(f"baseline hit@{result.k} {result.baseline_hit:.3f}  baseline MRR {result.baseline_mrr:.3f}"
                      "  (popularity: most partners first)", highlight=False)
            return
        if locality is None:
            _fail("give a LOCALITY, or --evaluate")
        ranking = partners_query.partners(store, locality, sector=sector, country=country,  # type: ignore[arg-type]
                                          include_existing=include_existing, limit=limit)
    if format == "jsonl":
        for c in ranking.candidates:
            sys.stdout.write(json.dumps({"locality": ranking.locality, **c.to_dict()}, ensure_ascii=False) + "\n")
        return
    if format == "csv":
        _csv(partners_query.reason_rows(ranking))
        return
    out = _out()
    head = f"[bold]Partners for {escape(ranking.locality)}[/bold]"
    if ranking.sector:
        head += f" in {ranking.sector.replace('_', ' ')}"
    out.print(head)
    if ranking.note:
        out.print(escape(ranking.note), highlight=False)
    if not ranking.candidates:
        out.print("(no candidate: the documents name no locality of the other country)")
    for i, c in enumerate(ranking.candidates, 1):
        out.print(f"\n{i}. [bold]{escape(c.partner)}[/bold]  score {c.score:.3f}"
                  + ("  (already tied)" if c.existing else ""), highlight=False)
        for r in c.reasons:
            out.print(f"   - {escape(r.text)}", highlight=False, soft_wrap=True)
            for e in r.evidence[:1]:
                out.print(f"     “{escape(_cut(e.sentence))}” {_cited(e.published or 'undated', e.doc_id[:12])}",
                          highlight=False, soft_wrap=True)


def digest(locality: Annotated[str | None, typer.Argument(
               help="A province or prefecture, any spelling (or --all).")] = None,
           all_: Annotated[bool, typer.Option("--all", help="Every locality.")] = False,
           since: Annotated[str, typer.Option("--since", help="YYYY-MM-DD (or YYYY-MM, YYYY): what is new "
                                                              "since then.")] = "",
           sector: Annotated[str | None, typer.Option(
               "--sector", "-s", help="Only documents in this sector (agriculture, manufacturing, ...: the "
                                      "sectors of /feeds/sectors/NAME.atom), or a word of one in any "
                                      "language (\"nông nghiệp\").")] = None,
           db: DbOption = "kizuna.db",
           format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table") -> None:
    """What is new since a date: events, ties, people and figures, each with its source sentence.

    Example: kizuna digest "Quảng Ninh" --since 2025-06-01
    Example: kizuna digest --all --since 2025-01-01 --sector agriculture
    """
    from .cli import _fail, _out, _reading
    _check_format(format, ("table", "jsonl", "csv"))
    if (locality is None) == (not all_):
        _fail("give a LOCALITY or --all (not both)")
    if not since:
        _fail("--since DATE is needed, e.g. --since 2025-06-01")
    with _reading(db) as store:
        found = digest_query.digest(store, locality, since, sector=sector)
    records = [i.to_dict() for i in found.items]
    if format == "jsonl":
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    if format == "csv":
        _csv([{"kind": i.kind, "date": i.date, "summary": i.summary, "event": i.event_url or "",
               "sentence": i.source.sentence, "document": i.source.doc_id, "title": i.source.title,
               "published": i.source.published} for i in found.items])
        return
    out = _out()
    where = found.locality or "everywhere"
    if found.sector:
        where += f", in {found.sector.replace('_', ' ')}"
    out.print(f"[bold]New since {escape(since)}[/bold] — {escape(where)}: {found.documents} documents",
              highlight=False)
    for kind, title in (("event", "Events"), ("tie", "Ties"), ("person", "People"), ("figure", "Figures")):
        items = found.of(kind)
        if not items:
            continue
        out.print(f"\n[bold]{title}[/bold] ({len(items)})")
        for i in items:
            out.print(f"  {i.date or 'undated':10}  {escape(i.summary)}", highlight=False, soft_wrap=True)
            out.print(f"              “{escape(_cut(i.source.sentence))}” {_cited(i.source.doc_id[:12])}",
                      highlight=False, soft_wrap=True)


def export(format: Annotated[str, typer.Option("--format", "-f", help="graphml (Gephi, networkx), geojson "
                                                                     "(maps) or jsonl.")] = "graphml",
           db: DbOption = "kizuna.db") -> None:
    """Write the localities and their ties for other tools, on stdout.

    Example: kizuna export --format graphml > kizuna.graphml
    """
    from .cli import _reading
    _check_format(format, ("graphml", "geojson", "jsonl"))
    with _reading(db) as store:
        if format == "graphml":
            sys.stdout.write(exports.graphml(store))
        elif format == "geojson":
            sys.stdout.write(json.dumps(exports.geojson(store), ensure_ascii=False) + "\n")
        else:
            for line in exports.jsonl(store):
                sys.stdout.write(line + "\n")


def _check_format(format: str, allowed: tuple[str, ...]) -> None:
    if format not in allowed:
        from .cli import _fail
        _fail(f"--format must be one of {', '.join(allowed)}, not {format!r}")


def _csv(records: list[dict[str, Any]]) -> None:
    import csv
    if not records:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in r.items()})


def _cited(*parts: str) -> str:
    """"[2025-06-01, 5a3f…]" for rich: escaped, or a bracket opening with a letter (a hex id, "undated")
    would be read as a markup tag and vanish from the output."""
    return escape("[" + ", ".join(parts) + "]")


def _cut(text: str, width: int = 200) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


__all__ = ["digest", "export", "partners", "register"]
