"""The words the query parser knows, as data: filter keywords (English and Chinese) and
what each names, stop words, and the Slack markup stripped before parsing. Months, scale
words and currencies live in ``bot.core.lexicon``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bot.core.knowledge.gazetteer import normalise
from bot.core.knowledge.model import Category, PenaltyKind, Status

# --- vocabulary -------------------------------------------------------------------------

PENALTY = "penalty"
ORDER_AMOUNT = "largest"
PASSED = "passed"  # adopted, whether or not in force yet
Action = Category | Status | PenaltyKind | str

KEYWORDS: dict[str, Action] = {
    # monetary penalties
    "fine": PENALTY,
    "fines": PENALTY,
    "fined": PENALTY,
    "penalty": PENALTY,
    "penalties": PENALTY,
    "monetary penalty": PENALTY,
    "monetary penalties": PENALTY,
    "penalised": PENALTY,
    "penalized": PENALTY,
    "罚款": PENALTY,
    "处罚": PENALTY,
    "罚金": PENALTY,
    "被罚": PENALTY,
    "被罚款": PENALTY,
    "罚": PENALTY,
    "compensation": PenaltyKind.COMPENSATION,
    "damages": PenaltyKind.COMPENSATION,
    # an award is compensation only where the words say whose: a court's, or of damages
    "court award": PenaltyKind.COMPENSATION,
    "court awards": PenaltyKind.COMPENSATION,
    "compensation award": PenaltyKind.COMPENSATION,
    "compensation awards": PenaltyKind.COMPENSATION,
    "damages award": PenaltyKind.COMPENSATION,
    "damages awards": PenaltyKind.COMPENSATION,
    "赔偿金": PenaltyKind.COMPENSATION,
    "赔偿": PenaltyKind.COMPENSATION,
    "confiscation": PenaltyKind.CONFISCATION,
    "confiscated": PenaltyKind.CONFISCATION,
    "没收": PenaltyKind.CONFISCATION,
    # categories
    "enforcement": Category.ENFORCEMENT,
    "enforcement cases": Category.ENFORCEMENT,
    "enforcement actions": Category.ENFORCEMENT,
    "执法": Category.ENFORCEMENT,
    "监管执法": Category.ENFORCEMENT,
    "laws": Category.REGULATION,
    "regulation": Category.REGULATION,
    "regulations": Category.REGULATION,
    "legislation": Category.REGULATION,
    "法规": Category.REGULATION,
    "法律": Category.REGULATION,
    "立法": Category.REGULATION,
    "court": Category.COURT,
    "courts": Category.COURT,
    "court cases": Category.COURT,
    "litigation": Category.COURT,
    "lawsuit": Category.COURT,
    "lawsuits": Category.COURT,
    "judgment": Category.COURT,
    "judgement": Category.COURT,
    "judgments": Category.COURT,
    "judgements": Category.COURT,
    "ruling": Category.COURT,
    "rulings": Category.COURT,
    "verdict": Category.COURT,
    "sentenced": Category.COURT,
    "法院": Category.COURT,
    "判决": Category.COURT,
    "诉讼": Category.COURT,
    "案例": Category.COURT,
    "industry news": Category.INDUSTRY,
    "industry developments": Category.INDUSTRY,
    "industry events": Category.INDUSTRY,
    "行业": Category.INDUSTRY,
    "产业": Category.INDUSTRY,
    # statuses
    "draft": Status.DRAFT,
    "drafts": Status.DRAFT,
    "for comment": Status.DRAFT,
    "for comments": Status.DRAFT,
    "for public comment": Status.DRAFT,
    "for public comments": Status.DRAFT,
    "public consultation": Status.DRAFT,
    "public consultations": Status.DRAFT,
    "consultation": Status.DRAFT,
    "consultations": Status.DRAFT,
    "adopted": Status.ADOPTED,
    "passed": PASSED,
    "enacted": PASSED,
    "promulgated": PASSED,
    "通过": PASSED,
    "出台": PASSED,
    "proposed": Status.PROPOSED,
    "planned": Status.PROPOSED,
    "拟制定": Status.PROPOSED,
    "草案": Status.DRAFT,
    "征求意见": Status.DRAFT,
    "征求意见稿": Status.DRAFT,
    # ordering
    "largest": ORDER_AMOUNT,
    "biggest": ORDER_AMOUNT,
    "highest": ORDER_AMOUNT,
    "最大": ORDER_AMOUNT,
}
CATEGORY_NOUNS: dict[str, Category] = {
    "rules": Category.REGULATION,
    "rule": Category.REGULATION,
    "measures": Category.REGULATION,
    "standards": Category.REGULATION,
    "provisions": Category.REGULATION,
    "regulations": Category.REGULATION,
    "regulation": Category.REGULATION,
    "laws": Category.REGULATION,
    "legislation": Category.REGULATION,
    "规定": Category.REGULATION,
    "规则": Category.REGULATION,
    "办法": Category.REGULATION,
    "条例": Category.REGULATION,
}
"""Nouns that name a category when they head the request ("any new rules on facial
recognition?": laws, drafts and regulations only). One modified by a word before it
("exchange trading rules") may be part of a development's name instead: when that pair
of words is in the title of a development outside the category, it is searched as words
(``bot.core.query.parser``)."""

CATEGORY_NOUN = re.compile(
    r"(?:(?:(?<![\w])(?P<mod>[A-Za-z][A-Za-z-]+)\s+)?(?<![\w])(?P<noun>"
    + "|".join(sorted((n for n in CATEGORY_NOUNS if n.isascii()), key=len, reverse=True))
    + r")(?![\w]))|(?:(?:(?P<zhmod>[\u3400-\u9fff]{2})|(?<![\w])(?P<zhlat>[A-Za-z][A-Za-z-]+)"
    + r"\s*)?(?P<zhnoun>"
    + "|".join(n for n in CATEGORY_NOUNS if not n.isascii())
    + "))",
    re.IGNORECASE,
)

CATEGORY_NOUNS_IN_ENGLISH = {
    "规定": "provisions",
    "规则": "rules",
    "办法": "measures",
    "条例": "regulations",
}
"""The English word of a Chinese category noun, for a modifier read into English by the
synonyms ("数据交易规则" -> "data trading" + 规则: is "trading rule" in a title?)."""

TitledPair = Callable[[str, str, Category], bool]
"""Whether the words "modifier noun" are in the title of a development outside the
category (the store's answer, given to ``parse_query`` by the answer engine)."""

# "industry" alone is a category only when it is the whole query (or starts it); elsewhere
# it is an ordinary word ("insurance industry data").
INDUSTRY_WORD = "industry"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _words(
    """a about actually after again against all also am an and any anything are around as
    ask at be been being bot but by can case could did do does doing done during each ever
    for from get give go got had happen happened happening has have hello hey hi how i if in
    into is it its just know let like list look looking lot made make many march may me
    might more most much must my new news no not now of on one or our out over please
    recent recently regarding related say said says search see show should so some
    something tell than thank thanks that the their them then there these they thing
    things this those to too tell up us was we were what whats when where which while who
    whom whose why will with would you your china chinese prc developments latest
    update updates info"""
)
FILLER_WORDS = _words(
    """team teams colleague colleagues client clients worried worry worrying concern concerned
    concerns quick question questions wondering wonder curious keen aware heads fyi regards
    best cheers dear thanks thank kind kindly appreciate appreciated help need needs want
    wants wanted check checking care cover covered watch watching track tracking radar flag
    flagged note noted know knew let lets sure really bit little maybe perhaps probably
    should shall ought folks guys everyone all someone somebody anyone anybody else again
    morning afternoon evening weekend today's asap urgent urgently soon possible"""
)
"""Words of e-mails and chat that ask nothing themselves ("our team is worried", "thanks"):
never search terms, so they cannot empty a request whose filters are understood."""
STOP_WORDS = STOP_WORDS | FILLER_WORDS

ACTION_NOUNS = frozenset({"measures", "办法"})
"""Category nouns that also name steps taken ("what measures did MIIT take?"): they name
their category only where the grammar does not make them actions
(``bot.core.query.category_nouns``)."""
DOING_VERBS = _words(
    """take takes took taken taking adopt adopts adopted adopting impose imposes imposed
    imposing implement implements implemented enforce enforces enforced introduce
    introduces introduced order orders ordered 采取 采用"""
)
"""Verbs of doing: a noun of ``ACTION_NOUNS`` that is their object means actions."""
HANDLING_VERBS = _words(
    """collect collects collected collecting process processes processed processing
    transfer transfers transferred transferring export exports exported exporting share
    shares shared sharing sell sells sold selling use uses used using obtain obtains
    obtained obtaining disclose discloses disclosed disclosing provide provides provided
    providing send sends sent sending store stores stored storing gather gathers gathered
    gathering track tracks tracked tracking record records recorded recording scan scans
    scanned scanning capture captures captured capturing install installs installed
    installing operate operates operated operating publish publishes published publishing
    leak leaks leaked leaking keep keeps kept keeping"""
)
"""Verbs of handling data: a phrase after "without" or "no" in the same clause as one of
them describes the conduct ("collecting faces without consent"), not records to leave
out (``bot.core.query.negation``)."""
AUXILIARIES = _words(
    """did does do has have had will would can could should shall might must may is are
    was were be been being that which"""
)
"""Words that, between a noun and a verb after it, make the noun the verb's object ("what
measures did MIIT take?", "measures that the CAC imposed"), not its subject."""
ACTION_MODIFIERS = _words("enforcement corrective rectification remedial punitive disciplinary")
"""Words before a noun of ``ACTION_NOUNS`` that make it actions ("corrective measures")."""
ACTION_PREPOSITIONS = _words("against")
"""Words after a noun of ``ACTION_NOUNS`` that make it actions ("measures against apps")."""
TITLE_PREPOSITIONS = _words("for on of governing concerning regarding relating")
"""Words after a noun that make it a title ("Measures for the Security Assessment of ...",
"new measures on data export"): a law, unless a verb of doing before it says otherwise."""

CJK_STOP = re.compile(
    r"(?:哪家|哪个|哪些|多少|总额|合计|一共|是否|什么时候|何时|哪天|金额|谁|几|各自|分别|各)+|"
    r"[的了在和与及或有吗呢是被对中把给从向我们你他她它哪些个什么多少怎么样最新关于请查找看一下相关方面情况家条起件]+"
)

CJK = re.compile(r"[\u3400-\u9fff]")
SLACK_MARKUP = re.compile(r"<[@#!][^<>\s]*>|<(?:https?|mailto):[^<>\s]*>")


def clean_text(text: str) -> str:
    """Remove Slack markup (mentions, channel links, ``<!channel>``) and fold spacing."""
    return normalise(SLACK_MARKUP.sub(" ", text)).strip()


CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def cjk_bigrams(run: str) -> list[str]:
    """Chinese text as overlapping two-character words ("数据交易" -> 数据, 据交, 交易), the
    same for records and questions, so Chinese titles and summaries are found without a
    segmenter; a single character stays itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


SYNONYMS: dict[str, tuple[str, ...]] = {
    "car": ("vehicle",),
    "cars": ("vehicles",),
    "automobile": ("vehicle",),
    "customer": ("consumer",),
    "customers": ("consumers",),
    "prison": ("imprisonment",),
    "jail": ("imprisonment",),
    "crime": ("criminal",),
    "crimes": ("criminal",),
    "operation": ("campaign",),
    "operations": ("campaign",),
    "crackdown": ("campaign",),
    "lawsuit": ("litigation",),
    "firm": ("company",),
    "firms": ("companies",),
    "phone": ("smartphone",),
    "phones": ("smartphones",),
}
"""Everyday words for the words newsletters use: a record matching the newsletter's word
also matches the everyday one (at a little less than full weight)."""


def leftovers(work: str) -> tuple[list[str], list[str]]:
    """What remains of a question once everything known is taken out: Chinese runs as
    two-character search terms (as records are indexed), and the other symbols left, as
    not understood. Punctuation and spaces (full-width too) are neither."""
    terms: list[str] = []
    for run in CJK_RUN.findall(work):
        for piece in CJK_STOP.split(run):
            terms.extend(cjk_bigrams(piece))
    unread = []
    for token in re.findall(r"[^\sA-Za-z0-9\u3400-\u9fff\x00]+", work):
        cleaned = "".join(c for c in token if unicodedata.category(c)[0] not in "PZ")
        if cleaned and any(ch.isalnum() or unicodedata.category(ch)[0] == "S" for ch in cleaned):
            unread.append(cleaned)
    return terms, unread
