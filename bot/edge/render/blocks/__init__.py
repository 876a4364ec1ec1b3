"""Block Kit rendering of answers, digests, alerts and the App Home, built with
``slack_sdk.models.blocks`` so Slack's limits are checked before anything is sent.

Rules kept here:
- every piece of text is escaped (``&``, ``<``, ``>``) before it goes into mrkdwn: the
  user's words, and store text too (it is plain text, not mrkdwn), so nothing typed can
  ping (``<!channel>``, ``<@U123>``) or become a link (``<http://x|y>``);
- a record (one result, one digest line) is never cut between blocks or messages: long
  output is split into several ``SlackMessage`` s of at most 50 blocks each, and every
  section text stays within 3,000 characters;
- every message has a meaningful ``text`` fallback, which Slack shows in notifications.
"""

from bot.edge.render.blocks.alerts import alert_message
from bot.edge.render.blocks.answers import answer_messages, error_message
from bot.edge.render.blocks.buttons import ACTION_DETAILS, ACTION_MORE, ACTION_SHARE
from bot.edge.render.blocks.digest import digest_messages
from bot.edge.render.blocks.home import home_view
from bot.edge.render.blocks.layout import SlackMessage
from bot.edge.render.blocks.markup import MAX_BLOCKS, escape
from bot.edge.render.blocks.updates import reminder_message, update_message

__all__ = [
    "ACTION_DETAILS",
    "ACTION_MORE",
    "ACTION_SHARE",
    "MAX_BLOCKS",
    "SlackMessage",
    "alert_message",
    "answer_messages",
    "digest_messages",
    "error_message",
    "escape",
    "home_view",
    "reminder_message",
    "update_message",
]
