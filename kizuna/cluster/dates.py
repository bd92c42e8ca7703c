"""Date arithmetic on the contract's ISO forms, where partial dates ("--11-25", "2025-11") occur."""
from __future__ import annotations

from datetime import date


def full(value: str | None) -> bool:
    """True for a complete ISO date (YYYY-MM-DD, possibly followed by a time)."""
    return bool(value) and len(value) >= 10 and value[4] == "-" and value[:4].isdigit()  # type: ignore[index]


def days(a: str, b: str) -> int:
    """b - a in days, for complete ISO dates."""
    return (date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days


def ordinal(value: str) -> int:
    """Day number of a complete ISO date (for indexed date windows in the store)."""
    return date.fromisoformat(value[:10]).toordinal()
