"""Validation of any questionnaire data file by what it holds: a question bank, a quick-mode
companion (``quick/<id>.yaml``, checked against the current version of its bank) or the glossary.
Problems come as ``FILE: field.path: message`` lines (``QuestionnaireError``)."""

from __future__ import annotations

from pathlib import Path

from questionnaires.glossary import parse_glossary
from questionnaires.loader import QuestionnaireError, UnknownQuestionnaire, get, parse, read_yaml
from questionnaires.quick import guide_problems, parse_guide


def check_file(path: str | Path) -> str:
    """Validate the file at ``path``; return what it is (e.g. ``dcmm-2025 2025.1``)."""
    path = Path(path)
    data = read_yaml(path)
    if isinstance(data, dict) and "kind" not in data and "terms" in data:
        glossary = parse_glossary(data, str(path))
        return f"glossary, {len(glossary.terms)} terms"
    if isinstance(data, dict) and "kind" not in data and "items" in data:
        guide = parse_guide(data, str(path))
        try:
            bank = get(guide.questionnaire)
        except UnknownQuestionnaire as exc:
            raise QuestionnaireError([f"{path}: questionnaire: {exc}"]) from None
        problems = guide_problems(guide, bank)
        if problems:
            raise QuestionnaireError([f"{path}: {field}: {msg}" for field, msg in problems])
        return f"quick-mode companion of {bank.id} {bank.version}"
    q = parse(data, str(path))
    return f"{q.id} {q.version}"
