"""Sources: files, folders, JSON/JSONL records and WARC archives in; RawDocument (or InputError) out.

Entry point: `iter_raw(paths) -> Iterator[RawDocument | InputError]`.
"""
