"""The root of the errors a user can cause, in the lowest layer so that every layer above raises
and catches one family. Each carries its Chinese and English message as fields; the page or CLI
edge shows one line, never a stack trace (``assessment.errors`` re-exports it)."""

from __future__ import annotations


class AssessmentError(Exception):
    """Base of every user-facing error of the toolkit."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh
