"""The question banks: YAML files validated on load (see ``loader``).

The names below are imported on first use (PEP 562), so that a module needing only the error
family (``questionnaires.errors``) does not load pydantic and the bank schema: the first page of
the app shows before any bank is read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from questionnaires.loader import QuestionnaireError, available, get, load_file
    from questionnaires.schema import DcmmQuestionnaire, SmeQuestionnaire, Text

_HOMES = {
    "QuestionnaireError": "questionnaires.loader",
    "available": "questionnaires.loader",
    "get": "questionnaires.loader",
    "load_file": "questionnaires.loader",
    "DcmmQuestionnaire": "questionnaires.schema",
    "SmeQuestionnaire": "questionnaires.schema",
    "Text": "questionnaires.schema",
}

__all__ = [
    "DcmmQuestionnaire",
    "QuestionnaireError",
    "SmeQuestionnaire",
    "Text",
    "available",
    "get",
    "load_file",
]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'questionnaires' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
