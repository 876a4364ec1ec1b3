"""Renderers: turn an ``Answer`` into plain text (``text``) or Slack Block Kit (``blocks``)."""
