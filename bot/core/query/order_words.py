"""The words of ordering, as data: "by amount", "sorted by date, oldest first", "按金额排序"
(read by ``bot.core.query.ordering``)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- ordering ---------------------------------------------------------------------------
# "by amount", "sorted by date, oldest first", "按金额排序": how to order a list, never a
# search word. A key names what is sorted on (and its usual direction); a direction word
# after it turns it; a phrase of ORDER_PHRASES says the whole order by itself.

ORDER_PREFIXES = (
    "sorted by",
    "sort by",
    "ordered by",
    "order by",
    "ranked by",
    "rank by",
    "listed by",
    "list by",
    "arranged by",
    "in order of",
    "by",
    "按照",
    "按",
)
ORDER_KEYS: dict[str, str] = {
    "amount": "largest",
    "amounts": "largest",
    "the amount": "largest",
    "fine amount": "largest",
    "fine size": "largest",
    "penalty amount": "largest",
    "amount of the fine": "largest",
    "amount of fine": "largest",
    "size of the fine": "largest",
    "size of fine": "largest",
    "size": "largest",
    "value": "largest",
    "金额": "largest",
    "罚款金额": "largest",
    "罚款数额": "largest",
    "数额": "largest",
    "date": "newest",
    "dates": "newest",
    "the date": "newest",
    "publication date": "newest",
    "date published": "newest",
    "time": "newest",
    "recency": "newest",
    "时间": "newest",
    "日期": "newest",
    "发布时间": "newest",
    "发布日期": "newest",
}
ORDER_DIRECTIONS: dict[str, str] = {
    "descending": "down",
    "desc": "down",
    "high to low": "down",
    "highest to lowest": "down",
    "largest to smallest": "down",
    "biggest to smallest": "down",
    "new to old": "down",
    "newest to oldest": "down",
    "ascending": "up",
    "asc": "up",
    "low to high": "up",
    "lowest to highest": "up",
    "smallest to largest": "up",
    "old to new": "up",
    "oldest to newest": "up",
    "从高到低": "down",
    "由高到低": "down",
    "从大到小": "down",
    "由大到小": "down",
    "从新到旧": "down",
    "由新到旧": "down",
    "从近到远": "down",
    "由近及远": "down",
    "降序": "down",
    "倒序": "down",
    "从低到高": "up",
    "由低到高": "up",
    "从小到大": "up",
    "由小到大": "up",
    "从旧到新": "up",
    "由旧到新": "up",
    "从早到晚": "up",
    "由远及近": "up",
    "升序": "up",
    "正序": "up",
}
ORDER_PHRASES: dict[str, str] = {
    "largest first": "largest",
    "biggest first": "largest",
    "highest first": "largest",
    "largest fines first": "largest",
    "biggest fines first": "largest",
    "smallest first": "smallest",
    "lowest first": "smallest",
    "smallest fines first": "smallest",
    "newest first": "newest",
    "latest first": "newest",
    "most recent first": "newest",
    "recent first": "newest",
    "in reverse chronological order": "newest",
    "reverse chronological order": "newest",
    "reverse chronologically": "newest",
    "oldest first": "oldest",
    "earliest first": "oldest",
    "in chronological order": "oldest",
    "chronological order": "oldest",
    "chronologically": "oldest",
    "in date order": "oldest",
    "按时间顺序": "oldest",
    "按照时间顺序": "oldest",
    "时间顺序": "oldest",
    "最新的在前": "newest",
    "最新在前": "newest",
    "最早的在前": "oldest",
    "金额最大的在前": "largest",
}
ORDER_TAIL = ("排序", "排列", "列出", "顺序", "显示", "first")
"""Words after an order that add nothing to it ("按金额排序", "by amount first")."""
ORDER_FILLER = _words(
    """sort sorted order ordered rank ranked arrange list them these those it the results
    please can could you now instead again re and then show me 排序 排列 把 它们 这些 结果
    一下 请 再 重新 按"""
)
"""Words beside an order in a follow-up that re-orders the last list ("sort them by date",
"now oldest first please", "把结果按金额排序")."""
