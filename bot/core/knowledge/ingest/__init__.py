"""Newsletter ingestion: text -> parsed items -> merged into the knowledge store.

layout (sections and items of either known layout), dates, amounts, penalties, summary
(machine summaries and ids), parse (items with their recognised facts), match (is this the
same development?), merge (into a KnowledgeFile, pure), ingest (files -> store, atomic).
"""
