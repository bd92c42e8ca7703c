"""Language identification of the main text.

Entry point: `detect(text: str, hint: str | None = None) -> str` (ISO 639-1 code, "und" if unknown).
"""
