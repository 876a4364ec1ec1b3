"""``/pi export [filters] [csv | xlsx]``: a file of the matching reviewed developments,
uploaded to the conversation through the deliverer (once, even when asked twice a minute)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

from bot.core.answers import Answer, AnswerKind
from bot.core.notify import select_for_export, split_format
from bot.core.query.vocabulary import clean_text
from bot.edge.delivery.deliverer import Deliverer, DeliveryStopped, Outgoing
from bot.edge.delivery.workspace_commands.services import Origin, Services, error
from bot.edge.render.table import export_bytes


def export_command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
    client = services.client_of(ctx)
    if ctx.surface == "console" or client is None or services.store is None:
        return error(
            text,
            "Exports are uploaded to Slack conversations",
            "Here, run `python -m bot export-table [filters] --format csv|xlsx`.",
        )
    filters, fmt = split_format(list(rest))
    selection = select_for_export(services.store(), clean_text(filters), services.gazetteer)
    if not selection.ok:
        return Answer(
            kind=AnswerKind.ERROR,
            query=text,
            headline="I could not use those filters",
            message=" ".join(selection.problems)
            + " Exports take the query filters, e.g. `/pi export fines 2022 xlsx`.",
            understood=selection.understood,
            not_understood=selection.not_understood,
        )
    if not selection.developments:
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline="Nothing to export",
            message="No reviewed development matches those filters.",
            understood=selection.understood,
        )
    blocked = services.cannot_post_reason(ctx.channel_id, client, ctx.team_id)
    if blocked:
        return error(text, "I can't upload in this channel yet", blocked)
    now = services.now()
    data = export_bytes(selection.developments, fmt)
    name = f"pi-developments-{now:%Y-%m-%d}.{fmt}"
    count = len(selection.developments)
    digest = hashlib.sha256(f"{filters.lower()}|{fmt}".encode()).hexdigest()[:10]
    item = Outgoing(
        ctx.channel_id,
        "exports",
        f"{ctx.user_id}:{digest}:{now:%Y%m%dT%H%M}",  # a repeated request within a minute
        (
            {
                "text": f"Export for <@{ctx.user_id}>: {count} development(s)",
                "upload": {
                    "filename": name,
                    "title": f"Developments ({count})",
                    "content_b64": base64.b64encode(data).decode("ascii"),
                },
            },
        ),
    )
    try:
        report = Deliverer(
            services.repo,
            client,
            pace_seconds=0.0,
            retry_delays=(1.0, 2.0),
            team_id=services.workspace(ctx),
        )
        outcome = report.deliver([item])
    except DeliveryStopped:
        outcome = None
    if outcome is None or outcome.failed:
        return error(
            text,
            "The export could not be uploaded",
            "Slack did not take the file; nothing was posted. Please try again in a minute "
            "(the app needs the files:write permission).",
        )
    return Answer(
        kind=AnswerKind.NOTICE,
        query=text,
        headline="Export uploaded",
        message=f"{count} development(s) as {name}"
        + (", with a second sheet of penalties." if fmt == "xlsx" else "."),
        understood=selection.understood,
    )
