"""The router: one dispatch for every surface; subscription commands to their handler."""

from __future__ import annotations

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.router import Context, Router
from bot.core.knowledge.store import LiveStore
from tests.conftest import BUNDLED_STORE

SLASH = Context(channel_id="C1", user_id="U1", team_id="T1", surface="slash")
DM = Context(channel_id="D1", user_id="U1", team_id="T1", surface="dm")


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, Context]] = []

    def handle(self, text: str, ctx: Context) -> Answer:
        self.seen.append((text, ctx))
        return Answer(kind=AnswerKind.NOTICE, query=text, headline="recorded")


def test_every_surface_gets_the_same_answer() -> None:
    router = Router(LiveStore(BUNDLED_STORE))
    slash = router.handle("/pi fines henan", SLASH)
    dm = router.handle("fines henan", DM)
    assert slash.kind == dm.kind == AnswerKind.RESULTS
    assert [d.id for d in slash.results] == [d.id for d in dm.results]
    assert [d.id for d in slash.results] == ["2022-05-27-yuzhou-face-recognition-fine"]


def test_subscription_commands_go_to_the_handler_with_the_context() -> None:
    recorder = Recorder()
    router = Router(LiveStore(BUNDLED_STORE), recorder)
    for text in ("subscribe digest", "/pi unsubscribe all", "Subscriptions", "sub alerts"):
        assert router.handle(text, SLASH).headline == "recorded"
    assert [t for t, _ in recorder.seen] == [
        "subscribe digest",
        "/pi unsubscribe all",
        "Subscriptions",
        "sub alerts",
    ]
    assert all(ctx == SLASH for _, ctx in recorder.seen)
    assert router.handle("fines henan", SLASH).kind == AnswerKind.RESULTS
    assert len(recorder.seen) == 4


def test_without_a_handler_the_engine_answers_subscriptions() -> None:
    answer = Router(LiveStore(BUNDLED_STORE)).handle("subscribe digest", SLASH)
    assert answer.kind == AnswerKind.NOTICE
    assert answer.headline == "Subscriptions are managed from Slack."


def test_a_failing_handler_gives_a_polite_error() -> None:
    class Broken:
        def handle(self, text: str, ctx: Context) -> Answer:
            raise RuntimeError("database on fire")

    answer = Router(LiveStore(BUNDLED_STORE), Broken()).handle("subscribe digest", SLASH)
    assert answer.kind == AnswerKind.ERROR
    assert answer.headline == "Something went wrong on our side."
    assert "fire" not in (answer.message or "")


def test_offset_pages_through_results() -> None:
    router = Router(LiveStore(BUNDLED_STORE))
    first = router.handle("latest 12", SLASH)
    second = router.handle("latest 12", SLASH, offset=first.next_offset or 0)
    assert first.next_offset == 5 and second.offset == 5
    assert not {d.id for d in first.results} & {d.id for d in second.results}
