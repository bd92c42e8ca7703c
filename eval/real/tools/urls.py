#!/usr/bin/env python3
"""Article addresses kept as digests, and which article a found URL is.

    .venv/bin/python eval/real/tools/urls.py URL [URL ...]   # the id of each URL's article, or "-"

A few URLs' slugs spell out, word for word, a headline of ../shared/corpus (national outlets' copies
of the same story): those addresses are not written in the repository. Their `url` column holds
`sha256:` and the SHA-256 of the address normalised as ../shared/eval/reserved.py normalises it
(no scheme, no www./m., host lower-case, path unquoted, no trailing slash), the same digest the
reserved list is made of; the `outlet` column still names the site. A restorer compares a search
result's URL with this tool (or `matches` below) instead of by eye.
"""
from __future__ import annotations

import csv
import hashlib
import sys
import urllib.parse
from pathlib import Path

REAL = Path(__file__).resolve().parents[1]
DIGEST = "sha256:"


def normalise(url: str) -> str:
    """As ../shared/eval/reserved.py: host without www./m. and trailing dot, path unquoted, no
    trailing slash, the query kept."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{urllib.parse.unquote(parts.path).rstrip('/')}{query}"


def digest(url: str) -> str:
    return hashlib.sha256(normalise(url).encode("utf-8")).hexdigest()


def matches(recorded: str, url: str) -> bool:
    """Is `url` the address recorded (as written, or as a digest)?"""
    if recorded.startswith(DIGEST):
        return recorded[len(DIGEST):] == digest(url)
    return normalise(recorded) == normalise(url)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    with (REAL / "articles.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for url in argv:
        found = [r["id"] for r in rows if matches(r["url"], url)]
        print(f"{','.join(found) or '-'}\t{url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
