"""Errors a user can cause. Each carries a Chinese and an English message and is shown at the
edge (page or CLI) as one line, never as a stack trace."""

from __future__ import annotations


class AssessmentError(Exception):
    """Base of every user-facing error of the core."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class AnswerError(AssessmentError):
    """An answer that does not fit its question (unknown id, wrong type, out of range)."""
