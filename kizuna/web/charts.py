"""Small charts drawn on the server as SVG (no script, no CDN): stacked bars of counts per year.

Text in a chart (partner names, kinds) is article data: it goes through `xml.sax.saxutils.escape`.
Colours are presentation attributes, which the Content-Security-Policy allows (no style attribute).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

PALETTE = ("#3b6ea5", "#c8553d", "#6a994e", "#b08836", "#7b5ea7", "#2a9d8f", "#d17a22", "#8a8a8a")
OTHERS = "others"
MAX_SERIES = 7               # series beyond this are summed up as "others"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 150, 12, 28


@dataclass(frozen=True, slots=True)
class Series:
    years: list[str]
    names: list[str]
    counts: dict[tuple[str, str], int]       # (name, year) -> count

    @property
    def empty(self) -> bool:
        return not self.counts

    def total(self, year: str) -> int:
        return sum(self.counts.get((n, year), 0) for n in self.names)


def series(points: Iterable[tuple[str, str]]) -> Series:
    """Counts of (name, year) points; the biggest names kept, the rest as "others"."""
    counted = Counter((name, year) for name, year in points if year)
    by_name = Counter()
    for (name, _), n in counted.items():
        by_name[name] += n
    kept = [n for n, _ in sorted(by_name.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SERIES]]
    counts: Counter[tuple[str, str]] = Counter()
    for (name, year), n in counted.items():
        counts[(name if name in kept else OTHERS, year)] += n
    names = kept + ([OTHERS] if any(k[0] == OTHERS for k in counts) else [])
    years = sorted({y for _, y in counts})
    if years:   # every year between the first and the last, so gaps show
        years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    return Series(years, names, dict(counts))


def stacked_bars(data: Series, title: str, label: str) -> str:
    """An accessible SVG: a title, one bar per year stacked by name, a legend, a <title> per bar part."""
    if data.empty:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    most = max(data.total(y) for y in data.years) or 1
    step = plot_w / len(data.years)
    bar = max(4.0, min(40.0, step * 0.7))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-label={quoteattr(title)}><title>{escape(title)}</title>']
    for tick in _ticks(most):
        y = TOP + plot_h - plot_h * tick / most
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555">{tick}</text>')
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(data.names)}
    for i, year in enumerate(data.years):
        x = LEFT + step * i + (step - bar) / 2
        base = TOP + plot_h
        for name in data.names:
            n = data.counts.get((name, year), 0)
            if not n:
                continue
            h = plot_h * n / most
            base -= h
            out.append(f'<rect class="bar" x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                       f'fill="{colours[name]}" data-series={quoteattr(name)} data-year="{year}">'
                       f'<title>{escape(f"{name}, {year}: {n} {label}")}</title></rect>')
        if len(data.years) <= 16 or i % 2 == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11" '
                       f'fill="#333">{year}</text>')
    for i, name in enumerate(data.names):
        y = TOP + 14 * i
        out.append(f'<rect x="{WIDTH - RIGHT + 12}" y="{y}" width="10" height="10" fill="{colours[name]}"/>'
                   f'<text x="{WIDTH - RIGHT + 26}" y="{y + 9}" font-size="11" fill="#333">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def empty(message: str) -> str:
    """A chart-sized SVG that says there is nothing to draw (an <img> never shows as broken)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} 40" role="img" '
            f'aria-label={quoteattr(message)}><text x="8" y="24" font-size="13" fill="#777">{escape(message)}</text></svg>')


def _ticks(most: int) -> list[int]:
    step = max(1, round(most / 4))
    return list(range(0, most + 1, step))
