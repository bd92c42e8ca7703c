"""kizuna: a sourced knowledge base of cooperation between Vietnamese provinces and Japanese
prefectures, read from the news.

    import kizuna
    for extraction in kizuna.extract(["news/"]): ...
    summary = kizuna.ingest(["news/"], db="kizuna.db")
    store = kizuna.open_store("kizuna.db")
    kizuna.query.profile(store, "Long An")
"""
from . import query
from .api import IngestSummary, extract, ingest, open_store

__all__ = ["IngestSummary", "extract", "ingest", "open_store", "query"]
__version__ = "0.1.0"
