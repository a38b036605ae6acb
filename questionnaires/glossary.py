"""The glossary of specialist terms (``glossary.yaml``): one short definition per term in both
languages, shown as a tooltip where a quick-mode description uses the term and listed in the PDF's
method section. A broken file fails with ``FILE: field.path: message``."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pydantic import Field, ValidationError

from questionnaires.schema import NonEmpty, Slug, Strict, Text

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.yaml"


class Term(Strict):
    id: Slug
    term: Text
    # other spellings that mean the same (e.g. 主数据管理 for 主数据), per language
    also: dict[str, list[NonEmpty]] = Field(default_factory=dict)
    definition: Text

    def spellings(self, lang: str) -> list[str]:
        return [self.term.get(lang), *self.also.get(lang, [])]


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)

    def found_in(self, texts: list[str], lang: str) -> list[Term]:
        """The terms any of ``texts`` uses, in glossary order (English matches whole words,
        ignoring case)."""
        joined = "\n".join(texts)
        found = []
        for term in self.terms:
            for spelling in term.spellings(lang):
                hit: object
                if lang == "en":
                    hit = re.search(rf"\b{re.escape(spelling)}", joined, re.IGNORECASE)
                else:
                    hit = spelling in joined
                if hit:
                    found.append(term)
                    break
        return found


def parse_glossary(data: object, source: str) -> Glossary:
    from questionnaires.loader import QuestionnaireError, problem_lines

    if not isinstance(data, dict):
        raise QuestionnaireError([f"{source}: (root): expected a mapping with terms"])
    try:
        glossary = Glossary.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireError(problem_lines(exc, source)) from None
    seen: set[str] = set()
    for n, term in enumerate(glossary.terms):
        if term.id in seen:
            raise QuestionnaireError([f"{source}: terms.{n}.id: {term.id!r} is used more than once"])
        seen.add(term.id)
        unknown = sorted(set(term.also) - {"zh", "en"})
        if unknown:
            raise QuestionnaireError([f"{source}: terms.{n}.also: languages are zh and en, got {unknown}"])
    return glossary


def load_glossary(path: Path) -> Glossary:
    from questionnaires.loader import read_yaml

    return parse_glossary(read_yaml(path), str(path))


@functools.cache
def glossary() -> Glossary:
    """The shipped glossary, parsed once."""
    return load_glossary(GLOSSARY_FILE)
