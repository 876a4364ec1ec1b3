"""The words of dates and money, in English and Chinese, kept once for the whole bot.

Both readers of text use it: the newsletter ingester (``bot.core.knowledge.ingest``) and the
query parser (``bot.core.query``), so a unit or month name understood in one is
understood in the other. Word lists are data (``months``, ``numbers``, ``currencies``);
the few functions here only look them up.
"""
