"""The password rule: one for registration, password changes and resets, the command line and
the first sign-in with an access code.

A password is accepted when it has at least ``MIN_LENGTH`` characters of at least two classes
(lower case, upper case, digits, others), is not close to the account's own words (username,
credit code, enterprise name), and zxcvbn, a well-kept strength estimator that knows common
passwords, words, names, keyboard rows, repeats, sequences and dates, scores it at least
``MIN_SCORE`` (of 0-4). A refusal carries zxcvbn's advice in Chinese and English (``ADVICE_ZH``
is the catalogue of its English strings).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from difflib import SequenceMatcher

from assessment.errors import AssessmentError

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_SCORE = 3
CLOSE_RUN = 5  # this many characters in a row from the account's own words make a password close

# zxcvbn keeps the words of the current call in a module-level dictionary: two threads scoring
# at once (two Streamlit sessions) would see each other's words
_SCORING = threading.Lock()

ADVICE_ZH = {
    "Use a few words, avoid common phrases.": "使用几个词语组合，避免常见短语。",
    "No need for symbols, digits, or uppercase letters.": "不一定需要符号、数字或大写字母。",
    "Add another word or two. Uncommon words are better.": "再加一两个词，不常见的词更好。",
    "Straight rows of keys are easy to guess.": "键盘上连成一排的按键很容易被猜到。",
    "Short keyboard patterns are easy to guess.": "简短的键盘图案很容易被猜到。",
    "Use a longer keyboard pattern with more turns.": "如用键盘图案，请更长并多转几个方向。",
    'Repeats like "aaa" are easy to guess.': "“aaa”这样的重复很容易被猜到。",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "“abcabcabc”这样的重复只比“abc”稍难猜一点。"
    ),
    "Avoid repeated words and characters.": "避免重复的词语和字符。",
    'Sequences like "abc" or "6543" are easy to guess.': "“abc”或“6543”这样的序列很容易被猜到。",
    "Avoid sequences.": "避免使用序列。",
    "Recent years are easy to guess.": "近年的年份很容易被猜到。",
    "Avoid recent years.": "避免使用近年的年份。",
    "Avoid years that are associated with you.": "避免使用与您相关的年份。",
    "Dates are often easy to guess.": "日期通常很容易被猜到。",
    "Avoid dates and years that are associated with you.": "避免使用与您相关的日期和年份。",
    "This is a top-10 common password.": "这是最常用的 10 个密码之一。",
    "This is a top-100 common password.": "这是最常用的 100 个密码之一。",
    "This is a very common password.": "这是一个非常常用的密码。",
    "This is similar to a commonly used password.": "这与一个常用密码很相似。",
    "A word by itself is easy to guess.": "单独一个词很容易被猜到。",
    "Names and surnames by themselves are easy to guess.": "单独的名字或姓氏很容易被猜到。",
    "Common names and surnames are easy to guess.": "常见的名字和姓氏很容易被猜到。",
    "Capitalization doesn't help very much.": "首字母大写帮助不大。",
    "All-uppercase is almost as easy to guess as all-lowercase.": "全部大写和全部小写几乎一样容易被猜到。",
    "Reversed words aren't much harder to guess.": "把词语倒过来写并不会难猜多少。",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": "用“@”代替“a”这类可预见的替换帮助不大。",
}


RULE = (
    f"至少 {MIN_LENGTH} 个字符，包含至少两类字符（小写字母、大写字母、数字、符号）；不能是常见密码，"
    "也不能与用户名、统一社会信用代码或企业名称相近",
    f"at least {MIN_LENGTH} characters of at least two kinds (lower case, upper case, digits, symbols); "
    "not a common password, and not close to the username, credit code or enterprise name",
)


class WeakPassword(AssessmentError):
    """A password the rule refuses; the message says why and what would help."""


def _classes(password: str) -> int:
    kinds = {
        "lower" if ch.islower() else "upper" if ch.isupper() else "digit" if ch.isdigit() else "other"
        for ch in password
    }
    return len(kinds)


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _close(password: str, words: Iterable[str]) -> bool:
    """Whether ``password`` carries ``CLOSE_RUN`` characters in a row of one of ``words`` (or a
    whole short word), ignoring case and separators."""
    typed = _squash(password)
    for word in words:
        own = _squash(word)
        if len(own) < 3:
            continue
        run = SequenceMatcher(None, typed, own, autojunk=False).find_longest_match().size
        if run >= min(CLOSE_RUN, len(own)):
            return True
    return False


def _advice(feedback: dict) -> tuple[list[str], list[str]]:
    english = [s for s in (feedback.get("warning"), *feedback.get("suggestions", ())) if s]
    return [ADVICE_ZH.get(s, s) for s in english], english


def check_password(password: object, related: Iterable[str | None] = ()) -> None:
    """Refuse a password people can guess (``WeakPassword``); ``related`` are the account's own
    words: its username, credit code, enterprise name."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise WeakPassword(f"密码至少需要 {MIN_LENGTH} 个字符", f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"密码不能超过 {MAX_LENGTH} 个字符", f"a password has at most {MAX_LENGTH} characters")
    if _classes(password) < 2:
        raise WeakPassword(
            "密码需包含至少两类字符（小写字母、大写字母、数字、符号）",
            "a password needs at least two kinds of characters (lower case, upper case, digits, symbols)",
        )
    words = [w for w in related if w]
    if _close(password, words):
        raise WeakPassword(
            "密码与用户名、统一社会信用代码或企业名称太接近",
            "the password is too close to the username, credit code or enterprise name",
        )
    from zxcvbn import zxcvbn  # its word lists take ~50 ms to load: only when a password is set

    with _SCORING:
        # zxcvbn refuses more than 72 characters; the start of a long password is what it scores
        verdict = zxcvbn(password[:72], user_inputs=words)
    if verdict["score"] < MIN_SCORE:
        zh, en = _advice(verdict["feedback"])
        raise WeakPassword(
            "密码太容易被猜到" + ("：" + "".join(zh) if zh else "。"),
            "the password is too easy to guess" + (": " + " ".join(en) if en else "."),
        )
