"""Locality linking: text in, Mention list (exact offsets) out.

Entry point: `link(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]`.
"""
