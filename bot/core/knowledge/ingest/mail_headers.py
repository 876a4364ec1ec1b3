"""The header of a forwarded e-mail left in a newsletter's text ("From: ...", "Sent: ...",
"Subject: FW: ...", 发件人：...): no item, no section."""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.units import Unit

_MAIL_FIELD = re.compile(
    r"^(?:from|sent|to|cc|bcc|subject|date|发件人|发送时间|收件人|抄送|主题|日期)\s*[:：]", re.I
)


def without_mail_headers(units: list[Unit]) -> list[Unit]:
    """Without the header of a forwarded e-mail in the text (two or more lines in a row such
    as "From: ...", "Sent: ...", "To: ...", "Subject: FW: ...", 发件人：...)."""
    drop: set[int] = set()
    run: list[int] = []
    for index, unit in enumerate([*units, None]):
        if unit is not None and unit.kind == "text" and _MAIL_FIELD.match(unit.text):
            run.append(index)
            continue
        if len(run) >= 2:
            drop.update(run)
        run = []
    return [unit for index, unit in enumerate(units) if index not in drop]
