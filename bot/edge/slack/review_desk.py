"""The editors' desk in Slack: newsletters received as files, review cards, and the
actions on them. The listeners (``listeners/events/files.py``, ``listeners/actions/
review.py``, ``listeners/views/review_edit.py``) only acknowledge and call in here. The parts
are in ``bot/edge/slack/desk/``: ``intake``, ``cards`` and ``actions``.

- Only editors (``PI_EDITORS`` and the workspace's stored editors, only in
  ``PI_EDITORS_TEAM`` when set) may send newsletters or act on cards; anyone else gets a
  clear refusal and nothing is downloaded or written.
- A file is checked before it is read (size ``PI_INTAKE_MAX_BYTES``, type), downloaded
  with the workspace's bot token (OAuth: its installation's), read
  (``bot.core.knowledge.intake.parse_received_file``) and ingested in one atomic write of the
  deployment's store; the reply goes in a thread under it. A store that cannot be written
  is one line, and the store stays as it was.
- Editors' jobs run on the desk's own bounded workers (addresses on separate fetch
  workers), never behind users' answers; when full, the editor is told at once.
- Cards go to ``PI_REVIEW_CHANNEL`` (default: that thread) through the delivery ledger
  (kind ``review``, key the development id), so a file sent again after a crash posts the
  cards still missing and never one twice.
- Every action names the version it was made on: a stale one (or one naming no version)
  is refused with the current values ("changed since you opened it").
"""

from __future__ import annotations

from bot.edge.slack.desk.actions import ActionsDesk
from bot.edge.slack.desk.cards import Where
from bot.edge.slack.desk.intake import IntakeDesk

__all__ = ["ReviewDesk", "Where"]


class ReviewDesk(IntakeDesk, ActionsDesk):
    """The whole desk: intake and actions over the common cards and store."""
