"""Errors a user can cause. Each carries a Chinese and an English message and is shown at the
edge (page or CLI) as one line, never as a stack trace. The family's root, ``AssessmentError``,
lives in ``questionnaires.errors`` (the lowest layer raises it too) and is importable from here."""

from __future__ import annotations

from questionnaires.errors import AssessmentError

__all__ = ["AssessmentError", "AnswerError"]


class AnswerError(AssessmentError):
    """An answer that does not fit its question (unknown id, wrong type, out of range)."""
