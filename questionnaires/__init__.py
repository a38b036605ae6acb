"""The question banks: YAML files validated on load (see ``loader``)."""

from questionnaires.loader import (
    QuestionnaireError,
    available,
    get,
    load_file,
)
from questionnaires.schema import DcmmQuestionnaire, SmeQuestionnaire, Text

__all__ = [
    "DcmmQuestionnaire",
    "QuestionnaireError",
    "SmeQuestionnaire",
    "Text",
    "available",
    "get",
    "load_file",
]
