"""The search modal: its submission (field errors, or the results in place), its paging
and Details buttons, and "Share in…".

A submission is answered with the results in the same modal (``response_action: update``)
when the search takes less than ``ANSWER_BUDGET_SECONDS`` (nearly always); otherwise the
modal is updated to "Searching…" within Slack's three seconds and ``views.update`` puts
the results there when they are ready. (Always answering "Searching…" first would race:
a fast ``views.update`` could reach Slack before the response it must follow.) Form
searches run on their own small pool, so waiting for one never holds up the answering
thread of ``/pi``."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.core.answers.answer import Answer
from bot.core.answers.engine import answer_parsed
from bot.core.answers.router import Context, Router
from bot.edge.render.blocks import answer_messages
from bot.edge.render.blocks.form_filters import FormFilters, load
from bot.edge.render.blocks.search_form import (
    ACTION_SHARE_TO,
    ACTION_SHARE_WHAT,
    BLOCK_SHARE,
    SHARE_ALL,
    detail_view,
    read_filters,
    search_view,
)
from bot.edge.slack.background import background_of
from bot.edge.slack.replies import log_failure, post_all

SHARE_REFUSALS = {
    "not_in_channel": "I'm not in that channel: invite me with `/invite @pi`, then share again.",
    "channel_not_found": "I can't see that conversation: invite me there first.",
    "is_archived": "That channel is archived.",
}


def _ctx(body: dict[str, Any]) -> Context:
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id")
    return Context(
        channel_id=str(user.get("id", "")),
        user_id=str(user.get("id", "")),
        team_id=team,
        surface="home",
    )


ANSWER_BUDGET_SECONDS = 1.5
"""How long a submission waits for its results before answering "Searching…" (Slack
allows three seconds for the response). Zero or less: always "Searching…" first."""
FORM_SEARCH_WORKERS = 2
_form_searches = ThreadPoolExecutor(
    max_workers=FORM_SEARCH_WORKERS, thread_name_prefix="pi-form-search"
)


def form_answer(
    router: Router, filters: FormFilters, *, offset: int = 0, page_size: int | None = None
) -> Answer:
    """The published developments the form's fields choose (the query built from them,
    no text round trip), a page from ``offset``."""
    today = router.today() if router.today is not None else None
    return answer_parsed(
        filters.to_query(today=today),
        router.store.published,
        query=filters.text or "the search form",
        offset=offset,
        page_size=page_size or router.page_size,
        today=today,
    )


def results_view(
    router: Router,
    filters: FormFilters,
    ctx: Context,
    *,
    offset: int = 0,
    note: str | None = None,
) -> View:
    """The modal with the results of ``filters`` from ``offset``; never raises."""
    try:
        found = form_answer(router, filters, offset=offset)
        return search_view(filters, answer=found, offset=offset, note=note)
    except Exception as exc:
        log_failure("the search form", exc)
        return search_view(filters, note="Sorry, something went wrong. Please try again.")


def show_results(
    router: Router,
    client: WebClient,
    view_id: str,
    filters: FormFilters,
    ctx: Context,
    *,
    offset: int = 0,
    note: str | None = None,
) -> None:
    view = results_view(router, filters, ctx, offset=offset, note=note)
    client.views_update(view_id=view_id, view=view)


def make_search_submission(router: Router) -> Callable[..., None]:
    def submit(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        view = body.get("view") or {}
        filters, errors = read_filters((view.get("state") or {}).get("values") or {})
        if errors:
            ack(response_action="errors", errors=errors)
            return
        view_id, ctx = str(view.get("id", "")), _ctx(body)
        search = _form_searches.submit(results_view, router, filters, ctx)
        if ANSWER_BUDGET_SECONDS > 0:
            try:
                ready = search.result(timeout=ANSWER_BUDGET_SECONDS)
            except TimeoutError:
                pass
            else:
                ack(response_action="update", view=ready)
                return
        ack(response_action="update", view=search_view(filters, searching=True))

        def put_in_place(done: Future[View]) -> None:
            try:
                client.views_update(view_id=view_id, view=done.result())
            except Exception as exc:
                log_failure("updating the search form", exc)

        search.add_done_callback(put_in_place)

    return submit


def make_page(router: Router) -> Callable[..., None]:
    def page(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        view = body.get("view") or {}
        filters, _ = load(view.get("private_metadata"))
        actions = body.get("actions") or [{}]
        try:
            offset = max(0, int(str(actions[0].get("value") or "0")))
        except ValueError:
            offset = 0
        view_id, ctx = str(view.get("id", "")), _ctx(body)
        background_of(context).run(
            "the search form's paging",
            lambda: show_results(router, client, view_id, filters, ctx, offset=offset),
        )

    return page


def make_form_details(router: Router) -> Callable[..., None]:
    def details(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        dev_id = str((body.get("actions") or [{}])[0].get("value") or "")
        try:  # pushed at once: the trigger expires in three seconds
            client.views_push(
                trigger_id=body.get("trigger_id"),
                view=detail_view(router.store.published.get(dev_id)),
            )
        except Exception as exc:
            log_failure("the search form's Details button", exc)

    return details


def _share_choice(view: dict[str, Any]) -> tuple[str | None, str]:
    values = ((view.get("state") or {}).get("values") or {}).get(BLOCK_SHARE) or {}
    channel = (values.get(ACTION_SHARE_TO) or {}).get("selected_conversation")
    chosen = (values.get(ACTION_SHARE_WHAT) or {}).get("selected_option") or {}
    return (str(channel) if channel else None), str(chosen.get("value") or SHARE_ALL)


def make_form_share(router: Router) -> Callable[..., None]:
    def share(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        view = body.get("view") or {}
        filters, meta = load(view.get("private_metadata"))
        offset = int(meta.get("o") or 0) if str(meta.get("o") or "0").isdigit() else 0
        channel, what = _share_choice(view)
        view_id, ctx = str(view.get("id", "")), _ctx(body)

        def work() -> None:
            if channel is None:
                note = "Choose a conversation to share in first."
            else:
                note = share_in(router, client, channel, what, filters, ctx)
            show_results(router, client, view_id, filters, ctx, offset=offset, note=note)

        background_of(context).run("the search form's Share button", work)

    return share


SHARE_LIMIT = 50
"""The most results "the whole list" posts (the engine's largest page)."""


def share_in(
    router: Router,
    client: WebClient,
    channel: str,
    what: str,
    filters: FormFilters,
    ctx: Context,
) -> str:
    """Post the chosen result (``what`` = an id) or the whole list (``all``: up to
    ``SHARE_LIMIT`` results from the first) in ``channel``, for everyone; returns the line
    to show in the modal."""
    if what == SHARE_ALL:
        shared = form_answer(router, filters, page_size=SHARE_LIMIT)
    elif router.store.published.get(what) is None:  # an editor's view may hold more
        return "That development is not published; nothing was shared."
    else:
        shared = router.handle(f"show {what}", ctx)
    try:
        post_all(client, channel, answer_messages(shared, shared=True, shared_by=ctx.user_id))
    except SlackApiError as exc:
        code = str(exc.response.get("error") or "")
        return SHARE_REFUSALS.get(code, "Slack refused the message; nothing was shared.")
    where = f"<#{channel}>" if channel[:1] in "CG" else "the conversation"
    if what == SHARE_ALL and shared.total > len(shared.results):
        return f"Shared the first {len(shared.results)} of {shared.total} in {where}."
    return f"Shared in {where}."
