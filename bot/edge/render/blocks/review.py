"""Review surfaces: the card of a development waiting for review (or published, or
withdrawn), the 'Approve all unflagged' message, and the Edit modal with its form.

Every button's ``value`` and every actions block's ``block_id`` carry ``<id>|<version>``:
an action made on a card that no longer shows the current version is refused by the store
(``Conflict``), and the editor is shown the current values.
"""

from __future__ import annotations

import json
import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ExternalDataSelectElement,
)

from bot.core.knowledge import Development, is_pending, is_published
from bot.core.labels import CATEGORY_LABELS, format_date, format_penalty, format_status
from bot.edge.render.blocks.discard_reasons import discard_reason_menu
from bot.edge.render.blocks.layout import SlackMessage, context, header, section
from bot.edge.render.blocks.markup import escape, fallback_text, shorten, source_line

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")

ACTION_APPROVE = "review_approve"
ACTION_EDIT = "review_edit"
ACTION_MERGE = "review_merge"
ACTION_DISCARD = "review_discard"
ACTION_WITHDRAW = "review_withdraw"
ACTION_APPROVE_ALL = "review_approve_all"
ACTION_RESTORE = "review_restore"
REVIEW_ACTIONS = (
    ACTION_APPROVE,
    ACTION_EDIT,
    ACTION_MERGE,
    ACTION_DISCARD,
    ACTION_WITHDRAW,
    ACTION_RESTORE,
)
VIEW_EDIT = "review_edit_view"


def card_key(dev: Development) -> str:
    return f"{dev.id}|{dev.version}"


def parse_key(value: str) -> tuple[str, int | None]:
    """``"<id>|<version>"`` -> (id, version); a value without a version gives ``None``."""
    dev_id, _, version = value.partition("|")
    return dev_id, int(version) if version.isdigit() else None


def _state_line(dev: Development) -> str:
    if dev.merged_into:
        state = f"Merged into {dev.merged_into}"
    elif dev.withdrawn:
        state = "Withdrawn" if dev.reviewed else "Discarded"
    elif dev.reviewed:
        state = "Published"
    else:
        state = "Awaiting review"
    last = dev.history[-1] if dev.history else None
    if last is not None:
        who = f"<@{last.by}>" if _USER_ID.match(last.by) else escape(last.by)
        state += f" · {last.action.value} by {who}"
    return f"{state} · version {dev.version} · `{escape(dev.id)}`"


def probably_not(dev: Development) -> bool:
    """Waiting for review, untouched by editors, and below the confidence threshold: shown
    collapsed, after the others, until an editor restores it."""
    return (
        is_pending(dev)
        and dev.version == 1
        and dev.confidence is not None
        and dev.confidence.probably_not
    )


def confidence_line(dev: Development) -> str | None:
    if dev.confidence is None:
        return None
    reasons = "; ".join(dev.confidence.reasons)
    return f"{dev.confidence.score:.2f}" + (f" ({reasons})" if reasons else "")


def collapsed_card(dev: Development) -> SlackMessage:
    """A record ``ingest`` thinks is probably not a development (a heading, a footer): one
    line with its title and why, and a Restore button that shows the full card."""
    line = (
        f"*Probably not a development:* {escape(shorten(dev.title, 150))} "
        f"· confidence {escape(confidence_line(dev) or '')}"
    )
    restore = ButtonElement(text="Restore", action_id=ACTION_RESTORE, value=card_key(dev))
    return SlackMessage(
        text=f"Probably not a development: {shorten(dev.title, 150)}",
        blocks=[
            context(shorten(line, 2900)),
            ActionsBlock(block_id=f"review|{card_key(dev)}", elements=[restore]),
        ],
    )


def review_card(
    dev: Development, flags: list[str], *, note: str | None = None, restored: bool = False
) -> SlackMessage:
    """The card: title, date, category, status, authorities, regions, penalties, confidence,
    source, flags, state; buttons by state (pending: Approve, Edit, Merge into…, Discard;
    published: Edit, Withdraw; withdrawn: none). A record that is probably not a development
    is collapsed (``collapsed_card``) until ``restored``."""
    if probably_not(dev) and not restored and not note:
        return collapsed_card(dev)
    facts = [
        f"*Date:* {escape(format_date(dev))}",
        f"*Category:* {escape(CATEGORY_LABELS[dev.category])}",
        f"*Status:* {escape(format_status(dev) or 'none')}",
        f"*Authorities:* {escape(', '.join(dev.authorities) or 'none')}",
        f"*Regions:* {escape(', '.join(dev.regions))}",
        "*Penalties:* " + (escape("; ".join(format_penalty(p) for p in dev.penalties)) or "none"),
    ]
    confidence = confidence_line(dev)
    if confidence is not None and is_pending(dev):
        facts.append(f"*Confidence:* {escape(confidence)}")
    blocks: list[Block] = []
    if note:
        blocks.append(section(escape(note)))
    blocks += [
        header(dev.title),
        section(shorten("\n".join(facts), 2900)),
        section(escape(shorten(dev.summary, 600))),
        context(shorten(" · ".join(source_line(s) for s in dev.sources), 2900)),
    ]
    if flags:
        blocks.append(
            section(shorten("*Flags:*\n" + "\n".join(f"• {escape(f)}" for f in flags), 2900))
        )
    blocks.append(context(_state_line(dev)))
    buttons = _buttons(dev)
    if buttons:
        blocks.append(ActionsBlock(block_id=f"review|{card_key(dev)}", elements=buttons))
    return SlackMessage(text=fallback_text(f"Review: {dev.title}"), blocks=blocks)


def _buttons(dev: Development) -> list[Any]:
    key = card_key(dev)
    edit = ButtonElement(text="Edit", action_id=ACTION_EDIT, value=key)
    if is_pending(dev):
        return [
            ButtonElement(text="Approve", action_id=ACTION_APPROVE, value=key, style="primary"),
            edit,
            ExternalDataSelectElement(
                action_id=ACTION_MERGE,
                placeholder="Merge into…",
                min_query_length=2,
            ),
            ButtonElement(
                text="Discard",
                action_id=ACTION_DISCARD,
                value=key,
                style="danger",
                confirm=ConfirmObject(
                    title="Discard it?",
                    text="It will never be published; its id stays taken.",
                    confirm="Discard",
                    deny="Keep",
                ),
            ),
            discard_reason_menu(),
        ]
    if is_published(dev):
        return [
            edit,
            ButtonElement(
                text="Withdraw",
                action_id=ACTION_WITHDRAW,
                value=key,
                style="danger",
                confirm=ConfirmObject(
                    title="Withdraw it?",
                    text="It leaves answers, digests and alerts; channels alerted get a "
                    "correction.",
                    confirm="Withdraw",
                    deny="Keep",
                ),
            ),
        ]
    return []


def approve_all_message(newsletter: str, unflagged: int, flagged: int) -> SlackMessage:
    text = (
        f"{unflagged} development(s) without flags can be approved at once; "
        f"{flagged} flagged one(s) need a look first."
    )
    button = ButtonElement(
        text="Approve all unflagged",
        action_id=ACTION_APPROVE_ALL,
        value=newsletter,
        style="primary",
    )
    return SlackMessage(
        text=fallback_text(text),
        blocks=[section(escape(text)), ActionsBlock(block_id="review_all", elements=[button])],
    )


def conflict_note(dev: Development) -> str:
    return (
        "This development changed since you opened it; nothing was changed by you. "
        "Its current values are below (version "
        f"{dev.version}); act again on these if still needed."
    )


# --- the Edit modal -----------------------------------------------------------------------

LIST_FIELDS = ("authorities", "regions", "sectors", "topics", "entities", "legal_basis")
_CHOICES = {
    "category": ("regulation", "enforcement", "court", "industry"),
    "status": ("none", "draft", "adopted", "in_force", "proposed"),
    "date_precision": ("day", "month"),
}


def penalty_line(p: Any) -> str:
    amount = f"{p.amount}" + (f"-{p.amount_max}" if p.amount_max is not None else "")
    parts = [f"{amount} {p.currency} {p.kind.value}", p.bearer]
    if p.bearer_type.value != "entity":
        parts.append(p.bearer_type.value)
    return " | ".join(parts)


def parse_penalties(text: str) -> list[dict[str, Any]]:
    """One penalty a line: ``AMOUNT[-MAX] [CUR] [kind] | bearer [| individual]``; raises
    ``ValueError`` naming the line that cannot be read."""
    out: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("|")]
        head = fields[0].split()
        if len(fields) < 2 or not head:
            raise ValueError(f"line {number}: write AMOUNT CURRENCY KIND | who bears it")
        low, _, high = head[0].replace(",", "").partition("-")
        item: dict[str, Any] = {"amount": low, "bearer": fields[1]}
        if high:
            item["amount_max"] = high
        if len(head) > 1:
            item["currency"] = head[1].upper()
        if len(head) > 2:
            item["kind"] = head[2].lower()
        if len(fields) > 2 and fields[2]:
            item["bearer_type"] = fields[2].lower()
        out.append(item)
    return out


def _text_input(
    field: str, label: str, value: str, *, multiline: bool = False, optional: bool = False
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": field}
    if multiline:
        element["multiline"] = True
    if value:
        element["initial_value"] = value[:3000]
    return {
        "type": "input",
        "block_id": field,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _select(field: str, label: str, value: str) -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": choice.replace("_", " ")}, "value": choice}
        for choice in _CHOICES[field]
    ]
    initial = next(o for o in options if o["value"] == value)
    return {
        "type": "input",
        "block_id": field,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "static_select",
            "action_id": field,
            "options": options,
            "initial_option": initial,
        },
    }


def _date(field: str, label: str, value: str | None, *, optional: bool) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "action_id": field}
    if value:
        element["initial_date"] = value
    return {
        "type": "input",
        "block_id": field,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def edit_modal(dev: Development, metadata: dict[str, Any], *, note: str | None = None) -> dict:
    """The Edit modal: every field an editor may correct, filled with the current values;
    ``metadata`` (id, version, where the card is) travels in ``private_metadata``."""
    blocks: list[dict[str, Any]] = []
    if note:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": escape(note)}})
    blocks += [
        _text_input("title", "Title", dev.title),
        _text_input("summary", "Summary (in our own words)", dev.summary, multiline=True),
        _date("date", "Date", dev.date.isoformat(), optional=False),
        _select("date_precision", "Date known to the", dev.date_precision.value),
        _select("category", "Category", dev.category.value),
        _select("status", "Status", dev.status.value if dev.status else "none"),
        _date(
            "effective_date",
            "In force from",
            dev.effective_date.isoformat() if dev.effective_date else None,
            optional=True,
        ),
    ]
    for field in LIST_FIELDS:
        label = field.replace("_", " ").capitalize() + " (comma-separated)"
        blocks.append(_text_input(field, label, ", ".join(getattr(dev, field)), optional=True))
    blocks.append(
        _text_input(
            "penalties",
            "Penalties, one a line: AMOUNT CURRENCY KIND | who | individual",
            "\n".join(penalty_line(p) for p in dev.penalties),
            multiline=True,
            optional=True,
        )
    )
    return {
        "type": "modal",
        "callback_id": VIEW_EDIT,
        "title": {"type": "plain_text", "text": "Edit development"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({**metadata, "id": dev.id, "version": dev.version}),
        "blocks": blocks,
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no field may hold (the summary may break lines with a plain newline)."""
MULTILINE_FIELDS = frozenset({"summary", "penalties"})


def form_values(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The submitted modal's values as model fields, and errors by block for values that
    cannot even be read (the model checks the rest)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for block_id, actions in state.items():
        action = actions.get(block_id) or {}
        kind = action.get("type")
        if kind == "static_select":
            raw = (action.get("selected_option") or {}).get("value")
            values[block_id] = None if raw == "none" else raw
        elif kind == "datepicker":
            values[block_id] = action.get("selected_date")
        else:
            text = str(action.get("value") or "")
            if block_id in MULTILINE_FIELDS:
                text = text.replace("\r\n", "\n")
            bad = _CONTROL.search(text.replace("\n", " ") if block_id in MULTILINE_FIELDS else text)
            if bad:
                where = "line breaks or " if block_id not in MULTILINE_FIELDS else ""
                errors[block_id] = (
                    f"Remove the {where}control characters (such as U+{ord(bad.group()):04X}); "
                    "nothing was saved."
                )
                continue
            if block_id in LIST_FIELDS:
                items = [part.strip() for part in text.split(",") if part.strip()]
                values[block_id] = items or (["national"] if block_id == "regions" else [])
            elif block_id == "penalties":
                try:
                    values[block_id] = parse_penalties(text)
                except ValueError as exc:
                    errors[block_id] = str(exc)
            else:
                values[block_id] = text
    return values, errors
