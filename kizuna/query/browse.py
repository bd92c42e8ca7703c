"""Browsing page by page: the read model of the web application and its API.

The web app reads the knowledge base through kizuna.query only, as the CLI does: this module is
where it finds the paginated, filtered lists (facts, documents, localities, pairs, events across
documents, search) and their row types. The queries themselves are SQL, so they live in
kizuna.store.browse (all SQL stays in kizuna/store); what is named here is the whole surface the
readers above the store may use, so a reader never reaches past it into the store's modules.
"""
from __future__ import annotations

from ..store.browse import (
    FACT_KINDS,
    PLURAL,
    SINGULAR,
    TIE_KINDS,
    Copy,
    DocFact,
    DocumentDetail,
    EntityHit,
    EventCluster,
    EventDetail,
    FactDetail,
    FactItem,
    Filters,
    Hit,
    LocalityItem,
    Page,
    TiePair,
    cluster,
    cluster_of_event,
    clusters,
    counts,
    data_version,
    document,
    documents,
    event,
    events_of_documents,
    fact,
    fact_detail,
    facts,
    has_clusters,
    languages,
    localities,
    open_readonly,
    page_of,
    search,
    search_entities,
    sectors,
    tie_history,
    tie_pairs,
)

__all__ = ["FACT_KINDS", "PLURAL", "SINGULAR", "TIE_KINDS", "Copy", "DocFact", "DocumentDetail", "EntityHit",
           "EventCluster", "EventDetail", "FactDetail", "FactItem", "Filters", "Hit", "LocalityItem", "Page",
           "TiePair", "cluster", "cluster_of_event", "clusters", "counts", "data_version", "document", "documents",
           "event", "events_of_documents", "fact", "fact_detail", "facts", "has_clusters", "languages",
           "localities", "open_readonly", "page_of", "search", "search_entities", "sectors", "tie_history",
           "tie_pairs"]
