"""``help``: how to ask, then every command the asker may use, grouped, generated from the
command registry (``bot.core.registry``) so it never lists fewer commands than exist.
Editors also see the editors' commands; the subscription admins' commands are marked.
Also the pointer to Slack for the workspace's commands where no handler of them is wired."""

from __future__ import annotations

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.registry import GROUPS, CommandSpec, commands_for

HOW_TO_ASK = """\
Ask in plain words or with filters, in English or Chinese. Examples:
  fines henan             monetary penalties in Henan (any place inside it), largest first
  fines over 1m           penalties above CNY 1,000,000 (also: above 500k, > 100,000, 超过100万)
  crawler                 free text, typos welcome (crawller, hennan, heilongjang)
  CBIRC drafts            an authority (CAC, 网信办, MIIT ...) and drafts for comment
  courts may 2022         a category (laws, enforcement, courts, industry) and a month
  since 2022-05-15        dates: 2022, 2022-05, May 30, last month, before 2022-06
  Which bank was fined and how much?"""

FILTERS_NOTE = """\
Filters of different kinds narrow each other (fines AND Henan); several regions widen
(Henan OR Beijing). Every result cites its sources."""

ADMINS_MARK = "(subscription admins)"
INDENT = "      "


def command_line(spec: CommandSpec) -> str:
    """A command in ``help``: its usage (marked when it is for subscription admins), then
    what it does on the next line."""
    usage = f"  {spec.usage}"
    if spec.audience == "admins":
        usage += f"  {ADMINS_MARK}"
    return f"{usage}\n{INDENT}{spec.help}"


def help_text(*, editor: bool) -> str:
    """The whole help text for an asker who is (or is not) an editor."""
    specs = commands_for(editor=editor)
    parts = [HOW_TO_ASK]
    for group in GROUPS:
        lines = [command_line(spec) for spec in specs if spec.group == group]
        if lines:
            parts.append(f"{group}:\n" + "\n".join(lines))
    parts.append(FILTERS_NOTE)
    return "\n".join(parts)


def workspace_elsewhere(query: str) -> Answer:
    """Where no handler of the workspace's commands is wired (a bare engine), say where
    subscribing works."""
    return Answer(
        kind=AnswerKind.NOTICE,
        query=query,
        headline="Subscriptions are managed from Slack.",
        message=(
            "In the channel that should receive them, type `/pi subscribe digest` or "
            "`/pi subscribe alerts [filters]`. Meanwhile, `digest YYYY-MM` shows any "
            "month's digest."
        ),
    )
