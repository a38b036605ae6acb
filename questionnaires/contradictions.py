"""Pairs of answers that cannot both be true (``vocabulary/contradictions.yaml``): bank data
behind the ``contradiction`` doubt flag, validated on load and checked against the bank.

    python -m questionnaires.contradictions      # check the file; exit 1 with one line per problem
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, TypeAdapter, ValidationError, model_validator

from questionnaires.loader import QuestionnaireError, UnknownQuestionnaire, get
from questionnaires.schema import Slug, SmeQuestionnaire, Strict, Text

FILE = Path(__file__).resolve().parent / "vocabulary" / "contradictions.yaml"


class Condition(Strict):
    """One answer's test (see the file's header)."""

    question: str | None = None
    any_scenario: bool = False
    any_of: list[Slug] | None = None
    none_of: list[Slug] | None = None
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_subject_one_test(self):
        if (self.question is None) == (not self.any_scenario):
            raise ValueError("give either question or any_scenario: true")
        tests = [t for t in (self.any_of, self.none_of, self.at_least, self.at_most) if t is not None]
        if len(tests) != 1:
            raise ValueError("give exactly one of any_of, none_of, at_least, at_most")
        if self.any_scenario and self.at_least is None and self.at_most is None:
            raise ValueError("any_scenario takes at_least or at_most")
        return self


class Contradiction(Strict):
    id: Slug
    severity: Literal["high", "medium", "low"]
    when: Condition
    and_: Condition = Field(alias="and")
    message: Text


_FILE_ADAPTER = TypeAdapter(dict[str, list[Contradiction]])


def check_against(q: SmeQuestionnaire, pairs: list[Contradiction]) -> list[str]:
    """Problems of ``pairs`` against the bank ``q``: unknown ids, options of the wrong question,
    a number test on a choice question or an option test on a number."""
    problems = []
    for n, pair in enumerate(pairs):
        for side, cond in (("when", pair.when), ("and", pair.and_)):
            where = f"{q.id}.{n}.{side}"
            if cond.any_scenario:
                continue
            if cond.question in q.scenario_by_id:
                if cond.any_of is not None or cond.none_of is not None:
                    problems.append(f"{where}: {cond.question} is a scenario: use at_least / at_most")
                continue
            assert cond.question is not None  # Condition: either question or any_scenario
            question = q.question_by_id.get(cond.question)
            if question is None:
                problems.append(f"{where}.question: unknown question {cond.question!r}")
                continue
            options = {o.id for o in question.options}
            listed = cond.any_of if cond.any_of is not None else cond.none_of
            if question.type == "band":
                if listed is not None:
                    problems.append(f"{where}: {cond.question} is a figure: use at_least / at_most")
            elif listed is None:
                problems.append(f"{where}: {cond.question} is a choice: use any_of / none_of")
            else:
                problems += [f"{where}: {cond.question} has no option {o!r}" for o in listed if o not in options]
        if len({p.id for p in pairs}) != len(pairs):
            problems.append(f"{q.id}: ids repeat")
    return list(dict.fromkeys(problems))


def parse(data: object, name: str = "contradictions.yaml") -> dict[str, list[Contradiction]]:
    """The validated pairs per questionnaire id; QuestionnaireError with ``name: field: message``
    lines if the data is broken or names what its bank does not have."""
    try:
        pairs = _FILE_ADAPTER.validate_python(data or {})
    except ValidationError as exc:
        raise QuestionnaireError(
            [f"{name}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        ) from None
    problems = []
    for qid, listed in pairs.items():
        try:
            q = get(qid)
        except UnknownQuestionnaire:
            problems.append(f"{name}: {qid}: unknown questionnaire")
            continue
        if not isinstance(q, SmeQuestionnaire):
            problems.append(f"{name}: {qid}: contradictions are kept for SME questionnaires only")
            continue
        problems += [f"{name}: {p}" for p in check_against(q, listed)]
    if problems:
        raise QuestionnaireError(problems)
    return pairs


@functools.cache
def _shipped() -> dict[str, list[Contradiction]]:
    return parse(yaml.safe_load(FILE.read_text(encoding="utf-8")), FILE.name)


def contradictions(questionnaire: str) -> list[Contradiction]:
    """The pairs kept for a questionnaire id (none for DCMM)."""
    return _shipped().get(questionnaire, [])


if __name__ == "__main__":
    try:
        found = _shipped()
    except QuestionnaireError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        sys.exit(1)
    print(f"{FILE.name}: ok ({sum(map(len, found.values()))} pairs)")
