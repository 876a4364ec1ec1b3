"""What the store holds for a span of time: a month's (or week's) digest, and the deadlines
ahead. Below both the answers (``digest``, ``upcoming``) and the notifications (digests,
reminders, the calendar feed); no Slack imports and no I/O."""
