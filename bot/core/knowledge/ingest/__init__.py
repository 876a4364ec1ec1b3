"""Newsletter ingestion: text -> parsed items -> merged into the knowledge store.

layout (the seeds' footnoted layout; any other goes to outline), units (the text's
headings, list items, paragraphs and rows), outline (which are sections and which items),
sections (heading names, commentary, categories), dates, amounts, penalties, summary
(machine summaries), slugs (ids in any language), flags (what a reviewer should look at),
parse (items with their recognised facts), match (is this the same development?), merge
(into a KnowledgeFile, pure), ingest (files -> store, atomic).
"""
