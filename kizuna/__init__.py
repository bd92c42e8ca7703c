"""kizuna: a sourced knowledge base of cooperation between Vietnamese provinces and Japanese
prefectures, read from the news.

    import kizuna
    for extraction in kizuna.extract_files(["news/"]): ...
    summary = kizuna.ingest(["news/"], db="kizuna.db")
    store = kizuna.open_store("kizuna.db")
    kizuna.query.profile(store, "Long An")
"""
from . import query
# The function is `extract_files`, not `extract`: `kizuna.extract` is the extraction subpackage.
from .api import IngestSummary, extract_files, ingest, open_store

__all__ = ["IngestSummary", "extract_files", "ingest", "open_store", "query"]
__version__ = "0.1.0"
