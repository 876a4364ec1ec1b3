"""What an item says beyond its structure: its category (from its section and its own
words), the status of a rule, and the things it counts ("21 apps")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.dates import NotADate, YearMonth, effective_mention, resolve
from bot.core.knowledge.ingest.layout import HEADLINES_SECTION
from bot.core.knowledge.ingest.sections import known_category
from bot.core.knowledge.ingest.summary import STOP_WORDS, lead_sentence
from bot.core.knowledge.model import Category, Penalty, PenaltyKind, Status

_COUNT = re.compile(
    r"(?<![\w,.-])(?P<number>\d{1,3}(?:,\d{3})*|\d+)\+?\s+(?P<noun>[A-Za-z][A-Za-z-]+)"
)
_COUNT_IGNORED_NOUNS = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "year",
        "years",
        "month",
        "months",
        "day",
        "days",
        "rmb",
        "cny",
        "yuan",
        "usd",
        "million",
        "billion",
        "thousand",
        "percent",
        "per",
    )
)
_DRAFT = re.compile(
    r"draft for comments?|for (?:public )?comments?|solicit(?:s|ing)? (?:public )?(?:opinions|"
    r"comments)|public consultation|\bconsults? on\b|征求意见|草案|送审稿"
    r"|\bdraft\s+(?:[\w-]+\s+){0,5}(?:provisions|measures|rules|regulations?|guidelines?|"
    r"standards?|amendments?|laws?)\b|\b(?:first|second|third)\s+reading|[一二三]审",
    re.IGNORECASE,
)
_PROPOSED = re.compile(
    r"legislative (?:seminar|plan|project|agenda|programme|program)|legislative work plan|"
    r"\b(?:included|listed|placed|put)\s+(?:[\w-]+\s+){0,8}?(?:in|into|among|on)\s+"
    r"(?:[\w-]+\s+){0,6}?plans?\b|"
    r"\bformulat\w+|\bdrafting\b|taking the lead in|\bis developing\b|"
    r"\bwill accelerate\b|speed up the legislation|\b(?:plans?|intends?|aims?) to (?:issue|"
    r"draft|release|adopt|publish|introduce|enact|revise|amend)|\bunder (?:study|research)\b|"
    r"\bbeing (?:studied|drafted|prepared)\b|\bexpected to be (?:\w+ly\s+)?(?:released|"
    r"issued|adopted|published|finali[sz]ed|promulgated|passed|enacted)|"
    r"立法(?:工作)?计划|列入[^。；]{0,30}?(?:计划|规划)|拟(?:制定|出台|发布|修订|起草)|"
    r"(?:预计|有望)(?:将)?(?:出台|发布|通过)|正在(?:研究|起草|制定)|研究起草",
    re.IGNORECASE,
)
"""A text only planned: in a legislative plan, under study, expected to be released."""
_ADOPTED = re.compile(
    r"\b(?:adopted|issued|released|promulgated|passed|published|voted to adopt|approved)\b"
    r"|印发|发布|公布|颁布|审议通过|表决通过|通过了",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"(?:\b(?:may|might|could|would|will|shall|should|can|must|to|not|never|yet|soon|once|if|"
    r"when|before|until|unless|expected|likely)\s+(?:\w+\s+)?(?:be\s+|been\s+)?(?:\w+ly\s+)?"
    r"|(?:拟|将|待|未|尚未|有望|预计)\s*)$",
    re.IGNORECASE,
)
"""What makes an adoption verb no adoption: "may be adopted", "yet to be issued", "if passed"."""
_MAY_TAKE_EFFECT = re.compile(
    r"\b(?:expected|likely|hoped)\s+to\s+(?:take|come|enter|become)|\b(?:would|could|may|might)"
    r"\s+(?:\w+\s+)?(?:take|come|enter|become|be\s+effective)|\b(?:if|once|when)\s+(?:adopted|"
    r"approved|passed|issued|finali[sz]ed)|(?:预计|有望|或将|计划|拟)[^。；，,]{0,16}$",
    re.IGNORECASE,
)
"""An effective date said of a text not yet adopted: no adoption."""
_TO_COME = re.compile(
    r"(?:\b(?:expected|likely|planned|scheduled|set|due|going)\s+to\s+be\s+(?:\w+\s+)?"
    r"|\b(?:will|may|might|could|would|shall)\s+(?:soon\s+)?be\s+(?:\w+\s+)?)"
    r"(?:released|published|issued|put\s+out)\b[^.;。；]{0,30}$"
    r"|(?:预计|拟|将于|计划)[^。；，,]{0,12}(?:发布|公布|公开)[^。；]{0,6}$",
    re.IGNORECASE,
)
"""A draft still to come ("a draft is expected to be released for comment"): no draft yet."""
_IN_FORCE = re.compile(r"(?:正式|已经|已)(?:施行|实施|生效)|起施行|起实施|起生效")
_COURT_CUE = re.compile(
    r"\bcourts?\b|\bjudge?ments?\b|\bruling|\blawsuit|\bverdict|\bprosecut|\bprocurat"
    r"|法院|判决|起诉|检察院",
    re.I,
)
_HEADLINE_CATEGORY: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (Category.COURT, _COURT_CUE),
    (
        Category.ENFORCEMENT,
        re.compile(r"\bfine[sd]?\b|\bpenali|\bpunish|\bsanction|处罚|罚款|被罚|通报|约谈", re.I),
    ),
)
"""Cues in a headline for the category of an item under no known section."""


_ENFORCEMENT_WORDS = re.compile(
    r"\bfin(?:e|ed|es|ing)\b|\bpenal|\bpunish|\bsanction|\binvestigat|\binspect|\brectif|"
    r"\bordered\b|\bwarn|\bremov|\bsuspend|\bsuspension|\bsummon|\bconfiscat|\bnames?\b.{0,20}"
    r"\bapps?\b|\breview\b|处罚|罚款|罚金|约谈|整改|下架|通报|检查|审查|立案|查处",
    re.IGNORECASE,
)
_RULE_WORDS = re.compile(
    r"\b(?:plans?|rules|laws?|regulations?|guidelines?|standards?|drafts?|provisions|"
    r"opinions)\b|规定|办法|条例|标准|意见|规划",
    re.IGNORECASE,
)


def section_category(section: str, gazetteer: Gazetteer, headline: str = "") -> Category:
    """The section's category; under no known section, the headline's cues decide. A court's
    judgment or order headlined under an enforcement section ("Court orders a hotel to
    compensate a guest") is a court case: newsletters often file courts under enforcement."""
    if section != HEADLINES_SECTION:
        known = known_category(section, gazetteer)
        if known is Category.ENFORCEMENT and _COURT_CUE.search(headline):
            return Category.COURT
        if known is not None:
            return known
    elif (known := gazetteer.section_category(section)) is not None:
        return known
    for category, cue in _HEADLINE_CATEGORY:
        if cue.search(headline):
            return category
    return gazetteer.data.default_section_category


def refine_category(
    category: Category, headline: str, body: str, penalties: Sequence[Penalty]
) -> Category:
    """The category from what the item says when its section (or a feed's tag) says
    otherwise: a fine imposed, headlined as such, is enforcement even under a regulation or
    industry heading; a plan or rules with no enforcement word anywhere is regulation even
    under an enforcement heading ("Enforcement Authority" news of a ministry's plan)."""
    imposed = [p for p in penalties if p.kind is not PenaltyKind.COMPENSATION]
    told = _ENFORCEMENT_WORDS.search(headline) or _ENFORCEMENT_WORDS.search(lead_sentence(body))
    if category in (Category.REGULATION, Category.INDUSTRY) and imposed and told:
        if all(p.kind is PenaltyKind.CRIMINAL_FINE for p in imposed):
            return Category.COURT
        return Category.ENFORCEMENT
    if (
        category is Category.ENFORCEMENT
        and not penalties
        and _RULE_WORDS.search(headline)
        and not _ENFORCEMENT_WORDS.search(f"{headline}\n{body}")
        and not _COURT_CUE.search(f"{headline}\n{body}")
    ):
        return Category.REGULATION
    return category


def status_of(text: str, category: Category, date: dt.date) -> tuple[Status | None, dt.date | None]:
    if category is not Category.REGULATION:
        return None, None
    if any(
        not _TO_COME.search(text[max(0, m.start() - 60) : m.start()]) for m in _DRAFT.finditer(text)
    ):
        return Status.DRAFT, None
    effective = effective_mention(text)
    if effective is not None and _MAY_TAKE_EFFECT.search(text[: effective.start][-80:]):
        effective = None  # "expected to take effect on ...", "if adopted, would take effect"
    if effective is not None:
        try:
            when = resolve(effective, YearMonth(date.year, date.month), back=3, ahead=8)
        except NotADate:
            return None, None  # a day that does not exist gives no effective date
        return (Status.ADOPTED if when > date else Status.IN_FORCE), when
    if _PROPOSED.search(text):
        return Status.PROPOSED, None
    if _said_done(_IN_FORCE, text):
        return Status.IN_FORCE, None
    if _said_done(_ADOPTED, text):
        return Status.ADOPTED, None
    return None, None


def _said_done(cue: re.Pattern[str], text: str) -> bool:
    """``cue`` is said of something done, not planned, conditional or denied."""
    for match in cue.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if not _NOT_DONE.search(before) and not _MAY_TAKE_EFFECT.search(before):
            return True
    return False


def counts_in(text: str) -> dict[str, int]:
    """Counted things ("12 APPs", "14 new energy vehicle enterprises"): noun -> number."""
    counts: dict[str, int] = {}
    for money in find_money(text):
        text = text.replace(money.text, " ")
    for match in _COUNT.finditer(text):
        noun = match.group("noun").lower().rstrip("s")
        if noun in STOP_WORDS or noun.endswith("ed"):
            continue
        number = int(match.group("number").replace(",", ""))
        if noun in _COUNT_IGNORED_NOUNS or noun + "s" in _COUNT_IGNORED_NOUNS:
            continue
        if 1900 <= number <= 2100:
            continue
        counts.setdefault(noun, number)
    return counts
