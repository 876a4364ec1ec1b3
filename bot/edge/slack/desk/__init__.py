"""The editors' desk in Slack, in parts: ``cards`` (editors, the store, review cards),
``intake`` (newsletters received) and ``actions`` (what editors do on cards);
``bot.edge.slack.review_desk`` puts them together."""
