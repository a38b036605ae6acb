"""A programme as data: the schema of a programme document (YAML), validated with pydantic.

A programme names who qualifies (``eligibility``: rules over the enterprise profile and over
results), what served enterprises should reach (``target``), its before/after ``rounds`` and its
benefit. A broken document fails with ``FILE: field.path: message`` lines (``ProgrammeError``),
as the question banks do (``questionnaires.loader``).

Rules are a tagged union on ``type``: a new kind of rule is one more class here with ``label``
and an entry in ``Rule`` (its evaluation lives in ``assessment.programmes.eligibility``).

* profile rules: ``park`` / ``industry`` / ``size`` (``in: [...]``), ``confirmed`` (the bureau has
  confirmed the enterprise, ``enterprises.confirmed``);
* result rules: ``level`` / ``score`` / ``part`` (a part score: a DCMM area, an SME dimension or
  ``operations``, a CMMM domain) of a questionnaire in a round (a level on the questionnaire's
  scale: DCMM 1-5, SME 0-4, CMMM 0-5 — a CMMM level here is this tool's estimate, self-assessed or
  verified on site, never a certified level), with ``min`` and/or ``max`` (inclusive) and the
  ``source`` required: ``any`` (the best there is: on site over import over self), ``self`` (the
  enterprise's own) or ``verified`` (rated on site).

A result rule's ``round`` is a round label, or ``before`` / ``after`` for the programme's rounds.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError, model_validator

from assessment.directory import SIZES
from assessment.rounds import RoundError, check_round, sort_key
from questionnaires.loader import DocumentError, yaml_document
from questionnaires.schema import Text

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,59}$")]
Version = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
Source = Literal["any", "self", "verified"]
SOURCE_NAMES = {
    "any": ("任一来源，取最可靠的", "any source, the strongest"),
    "self": ("企业自评", "self-assessed"),
    "verified": ("现场核验", "verified on site"),
}
# the assessments' source each rule's ``source`` reads (None: the best one, by priority)
STORED_SOURCE = {"any": None, "self": "self", "verified": "onsite"}


class ProgrammeError(DocumentError):
    """A programme document that cannot be used."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ProfileRule(Strict):
    """The enterprise's park, industry or size is one of ``in``."""

    type: Literal["park", "industry", "size"]
    values: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]] = Field(
        alias="in", min_length=1
    )

    @model_validator(mode="after")
    def _known_sizes(self):
        if self.type == "size":
            unknown = [v for v in self.values if v not in SIZES]
            if unknown:
                raise ValueError(f"unknown size {unknown[0]!r}; one of {', '.join(SIZES)}")
        return self

    def label(self) -> Text:
        names = {"park": ("园区", "park"), "industry": ("行业", "industry"), "size": ("规模", "size")}[self.type]
        zh_values = [SIZES[v][0] for v in self.values] if self.type == "size" else self.values
        return Text(zh=f"{names[0]}属于 {'、'.join(zh_values)}", en=f"{names[1]} in {', '.join(self.values)}")


class ConfirmedRule(Strict):
    """The bureau has confirmed the enterprise (a self-registered one is unconfirmed until then)."""

    type: Literal["confirmed"]

    def label(self) -> Text:
        return Text(zh="企业已经主管部门确认", en="enterprise confirmed by the bureau")


class ResultRule(Strict):
    """A result of ``questionnaire`` in ``round`` from ``source``: its level, overall score or a
    part score lies within ``min``..``max`` (both inclusive, either may be left out)."""

    type: Literal["level", "score", "part"]
    questionnaire: Annotated[str, StringConstraints(min_length=1)]
    round: str = "before"
    source: Source = "any"
    part: str | None = None
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self):
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        if (self.type == "part") != (self.part is not None):
            raise ValueError("a 'part' rule names its part; other rules do not")
        if self.round not in ("before", "after"):
            try:
                check_round(self.round)
            except RoundError as exc:
                raise ValueError(exc.en) from None
        return self

    def label(self, rounds: Rounds | None = None) -> Text:
        round_ = rounds.resolve(self.round) if rounds else self.round
        what_zh = {"level": "等级", "score": "总分", "part": f"{self.part} 得分"}[self.type]
        what_en = {"level": "level", "score": "overall score", "part": f"{self.part} score"}[self.type]
        bounds = []
        if self.min is not None:
            bounds.append(f"≥ {self.min:g}")
        if self.max is not None:
            bounds.append(f"≤ {self.max:g}")
        zh_src, en_src = SOURCE_NAMES[self.source]
        return Text(
            zh=f"{self.questionnaire} {what_zh} {' 且 '.join(bounds)}（{round_} 轮，{zh_src}）",
            en=f"{self.questionnaire} {what_en} {' and '.join(bounds)} (round {round_}, {en_src})",
        )

    def met(self, value: float | None) -> bool:
        if value is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


Rule = Annotated[ProfileRule | ConfirmedRule | ResultRule, Field(discriminator="type")]


class Period(Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _order(self):
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class Rounds(Strict):
    """The round a programme starts from (eligibility, the 'before' of its impact) and the round
    its target is checked in (the 'after')."""

    before: str
    after: str

    @model_validator(mode="after")
    def _order(self):
        for value in (self.before, self.after):
            try:
                check_round(value)
            except RoundError as exc:
                raise ValueError(exc.en) from None
        if sort_key(self.after) <= sort_key(self.before):
            raise ValueError(f"after ({self.after}) must be a later round than before ({self.before})")
        return self

    def resolve(self, label: str) -> str:
        return {"before": self.before, "after": self.after}.get(label, label)


class Impact(Strict):
    """What the impact compares between the rounds: the overall ``score`` (default) or the level,
    read from ``source`` in both rounds (default: the target's), so that like is compared with like."""

    measure: Literal["score", "level"] = "score"
    source: Source | None = None


class Programme(Strict):
    id: Slug
    version: Version
    example: bool = False  # an example shipped with the toolkit, not district policy
    name: Text
    description: Text
    benefit: Text
    period: Period
    rounds: Rounds
    eligibility: list[Rule] = Field(min_length=1)
    target: ResultRule | None = None
    impact: Impact = Impact()

    def rule_label(self, rule) -> Text:
        return rule.label(self.rounds) if isinstance(rule, ResultRule) else rule.label()

    def impact_source(self) -> Source:
        return self.impact.source or (self.target.source if self.target else "any")


_ADAPTER = TypeAdapter(Programme)


def _loc(loc: tuple) -> str:
    # the union's tag adds a level after the rule's index (eligibility.1.level.max): leave it out
    parts = [
        str(p)
        for i, p in enumerate(loc)
        if not (i >= 2 and loc[i - 2] == "eligibility" and isinstance(loc[i - 1], int))
    ]
    return ".".join(parts) or "(root)"


def consistency_problems(p: Programme) -> list[tuple[str, str]]:
    """Checks against the question banks: each questionnaire exists, each part is one of its
    parts, and level bounds lie on its level scale."""
    from questionnaires import available
    from questionnaires.parts import part_ids

    banks = available()
    rules = [(f"eligibility.{i}", r) for i, r in enumerate(p.eligibility) if isinstance(r, ResultRule)]
    if p.target is not None:
        rules.append(("target", p.target))
    out = []
    for at, rule in rules:
        q = banks.get(rule.questionnaire)
        if q is None:
            out.append(
                (f"{at}.questionnaire", f"unknown questionnaire {rule.questionnaire!r}; one of {', '.join(banks)}")
            )
            continue
        if rule.type == "part" and rule.part not in part_ids(q):
            out.append(
                (f"{at}.part", f"{rule.questionnaire} has no part {rule.part!r}; one of {', '.join(part_ids(q))}")
            )
        if rule.type == "level":
            low, high = q.overall_levels[0], q.overall_levels[-1]  # DCMM 1..5, SME 0..4, CMMM 0..5
            for bound in ("min", "max"):
                value = getattr(rule, bound)
                if value is not None and not low <= value <= high:
                    out.append((f"{at}.{bound}", f"{rule.questionnaire} levels run {low}..{high}, not {value:g}"))
    return out


def parse(data: object, source: str = "<data>") -> Programme:
    """Validate already-parsed data; raise ProgrammeError naming each bad field."""
    if not isinstance(data, dict):
        raise ProgrammeError([f"{source}: (root): expected a mapping of programme fields"])
    try:
        programme = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            lines.append(f"{source}: {_loc(err['loc'])}: {message}")
        raise ProgrammeError(lines) from None
    problems = consistency_problems(programme)
    if problems:
        raise ProgrammeError([f"{source}: {field}: {msg}" for field, msg in problems])
    return programme


def load_bytes(data: bytes, source: str = "<data>") -> Programme:
    """Parse and validate a programme file's bytes; ``source`` names it in the problem lines."""
    return parse(yaml_document(data, source, ProgrammeError), source)


def load_file(path) -> Programme:
    from pathlib import Path

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProgrammeError([f"{path}: (file): {exc.strerror or exc}"]) from None
    return load_bytes(data, str(path))
