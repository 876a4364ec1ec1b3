"""The search form: a modal with the filter inputs and, once submitted, the results below
them (paged, each with Details), and a "Share in…" picker. Built with
``slack_sdk.models`` so Block Kit's limits (100 blocks per modal, 24-character titles,
3,000-character private metadata) are checked before anything is sent.

The filter inputs are shared with the subscription form (``filter_inputs``,
``read_filters``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    DividerBlock,
    ExternalDataMultiSelectElement,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.knowledge.model import Category, Development, Status
from bot.core.labels import CATEGORY_HEADINGS, CATEGORY_ORDER, STATUS_LABELS
from bot.edge.render.blocks import form_filters
from bot.edge.render.blocks.development import detail_blocks, result_text
from bot.edge.render.blocks.form_filters import TEXT_LIMIT, FormFilters
from bot.edge.render.blocks.gazetteer_options import known, option
from bot.edge.render.blocks.layout import context, section, text_sections
from bot.edge.render.blocks.markup import bot_text, escape, shorten

MAX_VIEW_BLOCKS = 100
"""Slack's limit of blocks in a modal or the App Home."""
METADATA_LIMIT = 3000

CALLBACK_SEARCH = "pi_search_form"
"""The search modal's ``callback_id`` (its submission)."""
CALLBACK_DETAILS = "pi_search_details"

ACTION_PICK_REGIONS = "pi_pick_regions"
ACTION_PICK_AUTHORITIES = "pi_pick_authorities"
"""External selects: their options come from the options endpoint (type-ahead)."""
ACTION_FORM_DETAILS = "pi_form_details"
ACTION_FORM_PAGE = "pi_form_page"
ACTION_FORM_SHARE = "pi_form_share"
ACTION_SHARE_TO = "pi_form_share_to"
ACTION_SHARE_WHAT = "pi_form_share_what"

BLOCK_TEXT = "f_text"
BLOCK_CATEGORY = "f_category"
BLOCK_REGIONS = "f_regions"
BLOCK_AUTHORITIES = "f_authorities"
BLOCK_STATUS = "f_status"
BLOCK_FROM = "f_from"
BLOCK_TO = "f_to"
BLOCK_AMOUNT = "f_amount"
BLOCK_SHARE = "f_share"
MAX_PICKS = 10

SHARE_ALL = "all"


# --- the inputs ----------------------------------------------------------------------------


def _static(action_id: str, labels: dict[str, str], chosen: str | None) -> StaticSelectElement:
    options = [Option(value=value, label=label) for value, label in labels.items()]
    initial = next((o for o in options if o.value == chosen), None)
    return StaticSelectElement(
        action_id=action_id,
        placeholder="Any",
        options=options,
        initial_option=initial,
    )


def _picker(action_id: str, kind: Any, chosen: tuple[str, ...], hint: str) -> InputBlock:
    return InputBlock(
        block_id=BLOCK_REGIONS if kind == "regions" else BLOCK_AUTHORITIES,
        label="Regions" if kind == "regions" else "Authorities",
        optional=True,
        hint=hint,
        element=ExternalDataMultiSelectElement(
            action_id=action_id,
            placeholder="Type a name (English or Chinese)",
            min_query_length=1,
            max_selected_items=MAX_PICKS,
            initial_options=[option(kind, name) for name in chosen] or None,
        ),
    )


def filter_inputs(
    filters: FormFilters,
    *,
    text_label: str = "Words to look for",
    dates: bool = True,
    category: bool = True,
    status: bool = True,
) -> list[Block]:
    """The filter inputs, filled with ``filters``; every one optional."""
    blocks: list[Block] = [
        InputBlock(
            block_id=BLOCK_TEXT,
            label=text_label,
            optional=True,
            element=PlainTextInputElement(
                action_id=BLOCK_TEXT,
                placeholder="e.g. crawler, personal information, bank",
                initial_value=filters.text or None,
                max_length=TEXT_LIMIT,
            ),
        )
    ]
    if category:
        labels = {c.value: CATEGORY_HEADINGS[c] for c in CATEGORY_ORDER}
        blocks.append(
            InputBlock(
                block_id=BLOCK_CATEGORY,
                label="Category",
                optional=True,
                element=_static(
                    BLOCK_CATEGORY, labels, filters.category.value if filters.category else None
                ),
            )
        )
    blocks.append(
        _picker(ACTION_PICK_REGIONS, "regions", filters.regions, "Several regions: any of them.")
    )
    blocks.append(
        _picker(
            ACTION_PICK_AUTHORITIES,
            "authorities",
            filters.authorities,
            "Several authorities: all of them.",
        )
    )
    if status:
        labels = {s.value: STATUS_LABELS[s].capitalize() for s in Status}
        blocks.append(
            InputBlock(
                block_id=BLOCK_STATUS,
                label="Status",
                optional=True,
                element=_static(
                    BLOCK_STATUS, labels, filters.status.value if filters.status else None
                ),
            )
        )
    if dates:
        for block_id, label, day in (
            (BLOCK_FROM, "From", filters.date_from),
            (BLOCK_TO, "To", filters.date_to),
        ):
            blocks.append(
                InputBlock(
                    block_id=block_id,
                    label=label,
                    optional=True,
                    element=DatePickerElement(
                        action_id=block_id,
                        placeholder="Any date",
                        initial_date=day.isoformat() if day else None,
                    ),
                )
            )
    blocks.append(
        InputBlock(
            block_id=BLOCK_AMOUNT,
            label="Minimum penalty (CNY)",
            optional=True,
            hint="Only monetary penalties of at least this amount.",
            element=NumberInputElement(
                action_id=BLOCK_AMOUNT,
                is_decimal_allowed=False,
                min_value="1",
                initial_value=f"{filters.min_amount:f}" if filters.min_amount else None,
            ),
        )
    )
    return blocks


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id) or {}
    if not isinstance(block, dict) or not block:
        return {}
    first = next(iter(block.values()))
    return first if isinstance(first, dict) else {}


def _picked(values: dict[str, Any], block_id: str) -> list[str]:
    chosen = _value(values, block_id).get("selected_options") or []
    return [str(o.get("value")) for o in chosen if isinstance(o, dict) and o.get("value")]


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    chosen = _value(values, block_id).get("selected_option")
    return str(chosen.get("value")) if isinstance(chosen, dict) else None


def _date(values: dict[str, Any], block_id: str) -> dt.date | None:
    chosen = _value(values, block_id).get("selected_date")
    try:
        return dt.date.fromisoformat(str(chosen)) if chosen else None
    except ValueError:
        return None


def read_filters(values: dict[str, Any]) -> tuple[FormFilters, dict[str, str]]:
    """The submitted filters (``view.state.values``), and the errors to show on fields."""
    errors: dict[str, str] = {}
    text = str(_value(values, BLOCK_TEXT).get("value") or "").strip()
    raw_amount = _value(values, BLOCK_AMOUNT).get("value")
    amount = form_filters.parse_amount(raw_amount)
    if raw_amount not in (None, "") and amount is None:
        errors[BLOCK_AMOUNT] = "Enter a whole amount in CNY above zero, e.g. 500000."
    start, end = _date(values, BLOCK_FROM), _date(values, BLOCK_TO)
    if start and end and end < start:
        errors[BLOCK_TO] = "The end date is before the start date."
    category = _selected(values, BLOCK_CATEGORY)
    status = _selected(values, BLOCK_STATUS)
    filters = FormFilters(
        text=text[:TEXT_LIMIT],
        category=Category(category) if category in set(Category) else None,
        regions=known("regions", _picked(values, BLOCK_REGIONS)),
        authorities=known("authorities", _picked(values, BLOCK_AUTHORITIES)),
        status=Status(status) if status in set(Status) else None,
        date_from=start,
        date_to=end,
        min_amount=amount,
    )
    return filters, errors


# --- the modal -----------------------------------------------------------------------------


def _understood(answer: Answer) -> str | None:
    if not answer.understood:
        return None
    return "_Understood:_ " + escape("; ".join(f"{u.label} {u.value}" for u in answer.understood))


def _share_blocks(answer: Answer) -> list[Block]:
    what = [Option(value=SHARE_ALL, label="The whole list (up to 50)")]
    what.extend(
        Option(value=dev.id, label=shorten(f"{n}. {dev.title}", 75))
        for n, dev in enumerate(answer.results, start=answer.offset + 1)
    )
    return [
        SectionBlock(text=MarkdownTextObject(text="*Share in…* a conversation you are in:")),
        ActionsBlock(
            block_id=BLOCK_SHARE,
            elements=[
                ConversationSelectElement(
                    action_id=ACTION_SHARE_TO,
                    placeholder="Choose a channel",
                    filter=ConversationFilter(include=["public", "private", "mpim", "im"]),
                ),
                StaticSelectElement(
                    action_id=ACTION_SHARE_WHAT,
                    placeholder="What to share",
                    options=what,
                    initial_option=what[0],
                ),
                ButtonElement(text="Share", action_id=ACTION_FORM_SHARE, value="share"),
            ],
        ),
    ]


def _result_blocks(answer: Answer) -> list[Block]:
    blocks: list[Block] = [DividerBlock(), section(f"*{bot_text(answer.headline)}*")]
    understood = _understood(answer)
    if understood:
        blocks.append(context(understood))
    if answer.kind not in (AnswerKind.RESULTS, AnswerKind.DETAIL):
        if answer.message:
            blocks.append(section(bot_text(shorten(answer.message, 2900))))
        return blocks
    for number, dev in enumerate(answer.results, start=answer.offset + 1):
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=result_text(dev, number)),
                accessory=ButtonElement(
                    text="Details", action_id=ACTION_FORM_DETAILS, value=dev.id
                ),
            )
        )
    if answer.results:
        first, last = answer.offset + 1, answer.offset + len(answer.results)
        blocks.append(context(f"Showing {first}–{last} of {answer.total}."))
        paging: list[ButtonElement] = []
        if answer.offset > 0:
            previous = max(0, answer.offset - len(answer.results))
            paging.append(
                ButtonElement(text="Previous", action_id=ACTION_FORM_PAGE, value=str(previous))
            )
        if answer.next_offset is not None:
            paging.append(
                ButtonElement(
                    text="Next",
                    action_id=ACTION_FORM_PAGE,
                    value=str(answer.next_offset),
                    style="primary",
                )
            )
        if paging:
            blocks.append(ActionsBlock(block_id="f_paging", elements=paging))
        blocks.extend(_share_blocks(answer))
    return blocks


def search_view(
    filters: FormFilters,
    *,
    answer: Answer | None = None,
    searching: bool = False,
    offset: int = 0,
    note: str | None = None,
) -> View:
    """The search modal: the inputs filled with ``filters``, then "Searching…", the
    ``answer``'s results, or nothing yet. ``note``: a line (already escaped) above the
    results, e.g. what was shared."""
    blocks = filter_inputs(filters)
    if note:
        blocks.append(context(note))
    if searching:
        blocks.append(context("Searching…"))
    elif answer is not None:
        blocks.extend(_result_blocks(answer))
    metadata = form_filters.dump(filters, o=offset)
    if len(metadata) > METADATA_LIMIT:
        metadata = form_filters.dump(FormFilters(), o=0)
    view = View(
        type="modal",
        callback_id=CALLBACK_SEARCH,
        title="Search developments",
        submit="Search",
        close="Close",
        private_metadata=metadata,
        blocks=blocks[:MAX_VIEW_BLOCKS],
    )
    view.to_dict()  # validates against Block Kit's limits
    return view


def detail_view(dev: Development | None) -> View:
    """One development in full, pushed over the search modal by its Details button."""
    blocks: list[Block] = []
    if dev is None:
        blocks.append(section("That development is not published (any more); nothing to show."))
    else:
        for group in detail_blocks(dev):
            blocks.extend(group)
    view = View(
        type="modal",
        callback_id=CALLBACK_DETAILS,
        title="Development",
        close="Back",
        blocks=blocks[:MAX_VIEW_BLOCKS] or [section("Nothing to show.")],
    )
    view.to_dict()
    return view


def plain_modal(title: str, text: str, *, callback_id: str = "pi_notice") -> View:
    """A modal with one message (help, a notice); ``text`` is escaped here."""
    view = View(
        type="modal",
        callback_id=callback_id,
        title=shorten(title, 24),
        close="Close",
        blocks=text_sections(escape(text))[:MAX_VIEW_BLOCKS] or [section("…")],
    )
    view.to_dict()
    return view
