"""Editors' actions on review cards: approve, discard or withdraw, merge, approve all
unflagged, and the Edit modal. Every action names the version it was made on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from slack_sdk import WebClient

from bot.core.answers.editing import NOT_AN_EDITOR
from bot.core.answers.engine import answer
from bot.core.knowledge import review
from bot.core.knowledge.intake import flags, pending_from
from bot.core.knowledge.model import Development
from bot.core.knowledge.publisher_memory import NOT_A_DEVELOPMENT, remember, remembered_like
from bot.edge.render.blocks.review import conflict_note, edit_modal, form_values
from bot.edge.slack.desk.cards import DeskBase, StoreUnwritable, Where

log = logging.getLogger(__name__)

OPTION_TEXT_LIMIT = 75


class ActionsDesk(DeskBase):
    # --- actions on cards ----------------------------------------------------------------

    def act(
        self,
        client: WebClient,
        action: str,
        *,
        user: str,
        dev_id: str,
        version: int | None,
        where: Where,
        target: str | None = None,
        team: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Approve, discard, withdraw or merge (into ``target``), then show the result on
        the card; a refusal or a conflict goes to the editor only. A card that names no
        version is stale: the current one is shown and nothing is done. A discard's
        ``reason`` goes in its history; "not a development" is remembered for its
        publisher's next issues."""
        if not self.is_editor(user, team):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        if version is None:
            self._refuse_unversioned(client, where, user, dev_id)
            return
        actor = review.Actor(user, self.now())

        def change(devs: Mapping[str, Development]) -> tuple[tuple[Development, ...], Development]:
            if action == "merge" and target is not None:
                gone, grown = review.merging(devs, dev_id, target, actor, expected_version=version)
                return (gone, grown), gone
            dev = review.find(devs, dev_id)
            if action == "approve":
                done = review.approved(dev, actor, expected_version=version)
                return (done,), done
            done = review.withdrawn(dev, actor, expected_version=version, reason=reason)
            return (done,), done

        ids = (dev_id, target) if action == "merge" and target is not None else (dev_id,)
        try:
            done = self.write_developments(ids, change)
        except review.Conflict as exc:
            self._tell(client, where, user, conflict_note(exc.current), self._card(exc.current))
            return
        except (review.ReviewError, StoreUnwritable) as exc:
            self._tell(client, where, user, str(exc))
            return
        if action == "discard" and reason == NOT_A_DEVELOPMENT:
            entry = remember(done, self._knowledge())
            if entry is not None:
                self.intake_repo().remember(entry, by=user, at=actor.at)
        self._update_card(client, where, done)

    def _refuse_unversioned(self, client: WebClient, where: Where, user: str, dev_id: str) -> None:
        current = self._found_or_told(client, where, user, dev_id)
        if current is not None:
            self._tell(client, where, user, conflict_note(current), self._card(current))

    def restore(
        self, client: WebClient, *, user: str, dev_id: str, where: Where, team: str | None = None
    ) -> None:
        """Show the full card of a record collapsed as "probably not a development"."""
        if not self.is_editor(user, team):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        dev = self._found_or_told(client, where, user, dev_id)
        if dev is None:
            return
        self._update_card(client, where, dev, restored=True)
        repo = self.intake_repo()
        entry = remembered_like(dev, self._knowledge(), repo.memory())
        if entry is not None:  # the editor says this kind is a development after all
            repo.forget(entry)

    def approve_all(
        self,
        client: WebClient,
        *,
        user: str,
        newsletter: str,
        where: Where,
        team: str | None = None,
    ) -> None:
        if not self.is_editor(user, team):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        actor = review.Actor(user, self.now())
        knowledge = self._knowledge()
        listed = {
            d.id: d.version
            for d in pending_from(knowledge, newsletter)
            if not flags(d, knowledge, self.gazetteer)
        }

        def change(devs: Mapping[str, Development]) -> tuple[list[Development], list[Development]]:
            done = review.approved_as_listed(devs, listed, actor)
            return done, done

        try:  # only those records are read and written, not the whole store
            approved = self.write_developments(listed, change)
        except (review.ReviewError, StoreUnwritable) as exc:
            self._tell(client, where, user, str(exc))
            return
        text = f"<@{user}> approved {len(approved)} development(s) without flags."
        if where.ts:
            client.chat_update(channel=where.channel, ts=where.ts, text=text, blocks=[])
        else:
            client.chat_postMessage(channel=where.channel, text=text)

    # --- the Edit modal ------------------------------------------------------------------

    def open_editor(
        self,
        client: WebClient,
        *,
        user: str,
        trigger_id: str,
        dev_id: str,
        version: int | None,
        where: Where,
        team: str | None = None,
    ) -> None:
        if not self.is_editor(user, team):
            self._tell(client, where, user, NOT_AN_EDITOR)
            return
        dev = self._found_or_told(client, where, user, dev_id)
        if dev is None:
            return
        note = conflict_note(dev) if version != dev.version else None
        view = edit_modal(dev, {"channel": where.channel, "ts": where.ts}, note=note)
        client.views_open(trigger_id=trigger_id, view=view)

    def submit_edit(
        self, client: WebClient, *, user: str, view: dict[str, Any], team: str | None = None
    ) -> dict[str, Any] | None:
        """Save an Edit modal. Returns what to answer the submission with: field errors,
        the modal again with the current values (a conflict, or metadata naming no
        version), or ``None`` to close it."""
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        if not isinstance(meta, dict):
            meta = {}
        dev_id, version = str(meta.get("id", "")), meta.get("version")
        if not self.is_editor(user, team):
            return {"response_action": "errors", "errors": {"title": NOT_AN_EDITOR}}
        values, errors = form_values((view.get("state") or {}).get("values") or {})
        if errors:
            return {"response_action": "errors", "errors": errors}
        where = {"channel": meta.get("channel"), "ts": meta.get("ts")}
        if not isinstance(version, int) or isinstance(version, bool):
            current = self._find(dev_id)
            if current is None:
                return {"response_action": "errors", "errors": {"title": "No such development."}}
            modal = edit_modal(current, where, note=conflict_note(current))
            return {"response_action": "update", "view": modal}
        actor = review.Actor(user, self.now())
        try:

            def change(
                devs: Mapping[str, Development],
            ) -> tuple[tuple[Development, ...], Development]:
                dev = review.find(devs, dev_id)
                done = review.edited(dev, values, actor, expected_version=version)
                return (done,), done

            done = self.write_developments((dev_id,), change)
        except ValidationError as exc:
            return {"response_action": "errors", "errors": _field_errors(exc, set(values))}
        except review.Conflict as exc:
            modal = edit_modal(exc.current, where, note=conflict_note(exc.current))
            return {"response_action": "update", "view": modal}
        except (review.ReviewError, StoreUnwritable) as exc:
            if str(exc) == "nothing changed":
                return None
            return {"response_action": "errors", "errors": {"title": str(exc)[:150]}}
        channel = meta.get("channel")
        if channel:
            self._update_card(client, Where(str(channel), meta.get("ts")), done)
        return None

    # --- the Merge into… select ----------------------------------------------------------

    def merge_options(self, text: str) -> list[dict[str, Any]]:
        """Published developments matching what the editor typed (at most 20)."""
        store = self.router.store.published
        found = answer(text, store, page_size=20)
        return [
            {
                "text": {"type": "plain_text", "text": _option_text(d)},
                "value": d.id,
            }
            for d in found.results[:20]
        ]


def _option_text(dev: Development) -> str:
    text = f"{dev.date.isoformat()} {dev.title}"
    return text if len(text) <= OPTION_TEXT_LIMIT else text[: OPTION_TEXT_LIMIT - 1] + "…"


def _field_errors(exc: ValidationError, blocks: set[str]) -> dict[str, str]:
    """The model's errors on the modal's fields (a whole-record error goes on the title)."""
    errors: dict[str, str] = {}
    for item in exc.errors():
        loc = item["loc"]
        field = str(loc[0]) if loc and str(loc[0]) in blocks else "title"
        message = item["msg"].removeprefix("Value error, ")
        errors.setdefault(field, message[:150])
    return errors
