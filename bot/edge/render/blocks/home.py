"""The App Home tab as a dashboard: buttons (Search, Subscribe a channel, Help), this
month at a glance (counts per category), the largest fines of the last 90 days, upcoming
effective dates, the latest developments, and the subscriptions of the user's channels
(each with Remove for subscription admins)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.knowledge import Development
from bot.core.knowledge.store import Store
from bot.core.labels import CATEGORY_HEADINGS, CATEGORY_ORDER, format_amount, format_day
from bot.core.notify import Subscription, parse_alert_filters
from bot.edge.render.blocks.buttons import details_button
from bot.edge.render.blocks.development import result_text
from bot.edge.render.blocks.layout import context, header, section
from bot.edge.render.blocks.markup import escape, shorten

HOME_LATEST = 10
HOME_FINES = 5
HOME_UPCOMING = 5
HOME_SUBSCRIPTIONS = 20
FINES_WINDOW_DAYS = 90

ACTION_HOME_SEARCH = "pi_home_search"
ACTION_HOME_SUBSCRIBE = "pi_home_subscribe"
ACTION_HOME_HELP = "pi_home_help"
ACTION_HOME_REMOVE = "pi_home_remove"
"""Remove a subscription: ``value`` is ``CHANNEL:kind``."""

HOME_USAGE = (
    "Ask about China's cybersecurity and data-protection developments: laws and drafts, "
    "fines and other enforcement, court cases, industry news. Every answer cites its "
    "sources.\n"
    "• `/pi fines henan`: monetary penalties in Henan, largest first\n"
    "• `/pi fines over 1m`, `/pi CAC drafts`, `/pi courts may 2022`\n"
    "• `/pi latest 10`, `/pi show ID`, `/pi digest 2022-05`, `/pi stats`, `/pi help`\n"
    "• Or write to me here in Messages, or mention me in a channel."
)


@dataclass(frozen=True)
class HomeSubscriptions:
    """The subscriptions of the channels the user is in, and whether they may remove them."""

    subscriptions: tuple[Subscription, ...] = ()
    can_remove: bool = False
    unavailable: bool = False


def describe_subscription(sub: Subscription) -> str:
    """``Enforcement alerts matching region Henan; amount at least CNY 500,000``."""
    if sub.kind == "digest":
        return "Monthly digest"
    if not sub.filters:
        return "Enforcement alerts, all enforcement developments"
    described = parse_alert_filters(sub.filters).filters.describe()
    return "Enforcement alerts matching " + "; ".join(f"{u.label} {u.value}" for u in described)


def _month_counts(store: Store, today: dt.date) -> tuple[str, Counter[str]]:
    month = today.strftime("%Y-%m")
    counts: Counter[str] = Counter(d.category.value for d in store.developments if d.month == month)
    return f"{today:%B %Y}", counts


def _largest_fines(store: Store, today: dt.date) -> list[Development]:
    since = today - dt.timedelta(days=FINES_WINDOW_DAYS)
    fined = [d for d in store.developments if d.penalties and since <= d.date <= today]
    return sorted(fined, key=lambda d: d.total_penalty, reverse=True)[:HOME_FINES]


def _upcoming(store: Store, today: dt.date) -> list[Development]:
    coming = [d for d in store.developments if d.effective_date and d.effective_date >= today]
    return sorted(coming, key=lambda d: (d.effective_date, d.id))[:HOME_UPCOMING]


def _line(dev: Development, what: str) -> SectionBlock:
    text = f"*{escape(shorten(dev.title, 200))}*\n{escape(what)}"
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=details_button(dev.id))


def _subscription_blocks(subs: HomeSubscriptions) -> list[Block]:
    blocks: list[Block] = [header("Subscriptions of your channels")]
    if subs.unavailable:
        return [*blocks, section("Subscriptions cannot be read right now; try again later.")]
    if not subs.subscriptions:
        return [*blocks, section("None of your channels has a subscription yet.")]
    for sub in subs.subscriptions[:HOME_SUBSCRIPTIONS]:
        where = f"<#{sub.channel_id}>" if sub.channel_id.startswith(("C", "G")) else "Our DM"
        text = f"{where}: {escape(shorten(describe_subscription(sub), 400))}"
        if sub.paused:
            text += " _(paused)_"
        accessory = None
        if subs.can_remove:
            accessory = ButtonElement(
                text="Remove",
                action_id=ACTION_HOME_REMOVE,
                value=f"{sub.channel_id}:{sub.kind}",
                style="danger",
            )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory))
    rest = len(subs.subscriptions) - HOME_SUBSCRIPTIONS
    if rest > 0:
        blocks.append(context(f"and {rest} more: `/pi subscriptions all` lists them."))
    return blocks


def home_view(
    store: Store,
    *,
    today: dt.date | None = None,
    subscriptions: HomeSubscriptions | None = None,
    notice: str | None = None,
) -> View:
    """The App Home dashboard. ``notice``: a line (already escaped) shown first."""
    day = today or dt.date.today()
    blocks: list[Block] = [header("China cybersecurity & data-protection tracker")]
    if notice:
        blocks.append(section(notice))
    blocks.append(
        ActionsBlock(
            block_id="home_buttons",
            elements=[
                ButtonElement(
                    text="Search", action_id=ACTION_HOME_SEARCH, value="search", style="primary"
                ),
                ButtonElement(
                    text="Subscribe a channel", action_id=ACTION_HOME_SUBSCRIBE, value="subscribe"
                ),
                ButtonElement(text="Help", action_id=ACTION_HOME_HELP, value="help"),
            ],
        )
    )
    blocks.append(section(escape(HOME_USAGE)))

    month, counts = _month_counts(store, day)
    glance = " · ".join(f"{CATEGORY_HEADINGS[c]}: {counts.get(c.value, 0)}" for c in CATEGORY_ORDER)
    blocks += [DividerBlock(), header(f"This month at a glance ({month})"), section(glance)]

    blocks.append(header(f"Largest fines, last {FINES_WINDOW_DAYS} days"))
    fines = _largest_fines(store, day)
    blocks += [_line(d, f"{format_amount(d.total_penalty)} · {format_day(d.date)}") for d in fines]
    if not fines:
        blocks.append(section(f"No penalties recorded in the last {FINES_WINDOW_DAYS} days."))

    blocks.append(header("Upcoming effective dates"))
    upcoming = _upcoming(store, day)
    blocks += [
        _line(d, f"in force from {format_day(d.effective_date)}")
        for d in upcoming
        if d.effective_date
    ]
    if not upcoming:
        blocks.append(section("No known effective dates ahead."))

    blocks += [DividerBlock(), header("Latest developments")]
    for number, dev in enumerate(store.developments[:HOME_LATEST], start=1):
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=result_text(dev, number)),
                accessory=details_button(dev.id),
            )
        )
    if not store.developments:
        blocks.append(section("The knowledge store is empty: nothing has been ingested yet."))
    if subscriptions is not None:
        blocks += [DividerBlock(), *_subscription_blocks(subscriptions)]
    blocks.append(
        context(escape(f"{len(store)} developments from {len(store.newsletters)} newsletters."))
    )
    view = View(type="home", blocks=blocks[:100])
    view.to_dict()  # validates
    return view
