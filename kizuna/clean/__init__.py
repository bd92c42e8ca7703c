"""Cleaning: a RawDocument in, its main text, title, publication date and URL out.

Entry point: `clean(raw: RawDocument) -> CleanText` (raises InputError when no text is left).
"""
