"""Load and check questionnaire files.

A broken file fails with one line per problem, ``FILE: field.path: message``, never a stack
trace. The shipped editions live beside this module as ``<id>.yaml``; other versions of an
edition, kept so that old assessments keep scoring with the version they were answered on, live
in ``versions/<id>@<version>.yaml``.

Which version of an id is *current* (what new assessments are answered on): the version named in
the activation record ``active.json`` (``{id: version}``, written by ``questionnaires.editions``)
when it names one, else the shipped top-level file. Activated versions and the record live in
``versions_dir()``: ``$ASSESSMENT_VERSIONS_DIR``, else ``questionnaires/versions``.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections import Counter
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from questionnaires.cmmm_checks import cmmm_problems
from questionnaires.errors import AssessmentError
from questionnaires.quick import guide_problems, shipped_guide
from questionnaires.schema import (
    AnyQuestionnaire,
    CmmmQuestionnaire,
    DcmmQuestionnaire,
    Questionnaire,
    SmeQuestionnaire,
)

HERE = Path(__file__).resolve().parent
SHIPPED_VERSIONS = HERE / "versions"
ACTIVE_FILE = "active.json"
NOT_EDITIONS = {"glossary.yaml"}  # data files beside the editions that are not questionnaires
_ADAPTER = TypeAdapter(Questionnaire)
# libyaml parses the banks about 8 times faster than the pure-Python loader
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EPS = 1e-9
KINDS = ("dcmm", "sme", "cmmm")


class DocumentError(Exception):
    """A data document (question bank, programme …) that cannot be used; ``problems`` holds one
    ``source: field: message`` line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class QuestionnaireError(DocumentError):
    """A questionnaire file that cannot be used."""


class UnknownQuestionnaire(AssessmentError, KeyError):
    """A questionnaire id (or version of it) that is not shipped or activated. Still a KeyError
    for the callers that look questionnaires up like a mapping."""

    def __init__(self, qid: str, version: str | None = None):
        self.qid, self.version = qid, version
        shown = qid if version is None else f"{qid}@{version}"
        known = ", ".join(sorted(available()))
        super().__init__(
            f"未知问卷 {qid if version is None else f'{qid} 版本 {version}'}",
            f"unknown questionnaire {shown!r} (known: {known})",
        )


def _loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(root)"


def parse(data: object, source: str = "<data>") -> AnyQuestionnaire:
    """Validate already-parsed data; raise QuestionnaireError naming each bad field."""
    if not isinstance(data, dict):
        raise QuestionnaireError([f"{source}: (root): expected a mapping of questionnaire fields"])
    if data.get("kind") not in KINDS:
        raise QuestionnaireError([f"{source}: kind: must be 'dcmm', 'sme' or 'cmmm'"])
    try:
        model = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise QuestionnaireError(problem_lines(exc, source)) from None
    problems = consistency_problems(model)
    if problems:
        raise QuestionnaireError([f"{source}: {field}: {msg}" for field, msg in problems])
    if isinstance(model, DcmmQuestionnaire | CmmmQuestionnaire):
        _attach_quick_guide(model)
    return model


def problem_lines(exc: ValidationError, source: str) -> list[str]:
    """One ``source: field.path: message`` line per validation error."""
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        if loc and loc[0] in KINDS:  # the discriminator tag adds a level
            loc = loc[1:]
        lines.append(f"{source}: {_loc(loc)}: {err['msg']}")
    return lines


def _attach_quick_guide(q: DcmmQuestionnaire | CmmmQuestionnaire) -> None:
    """Give a DCMM or CMMM bank its quick-mode companion (``questionnaires/quick/<id>.yaml``), which
    every version of the bank shares; a companion naming an item (sub-domain) the bank lacks is refused."""
    guide = shipped_guide(q.id)
    if guide is None:
        return
    problems = guide_problems(guide, q)
    if problems:
        source = f"quick/{q.id}.yaml"
        raise QuestionnaireError([f"{source}: {field}: {msg}" for field, msg in problems])
    q.attach_quick(guide)


def load_file(path: str | Path) -> AnyQuestionnaire:
    path = Path(path)
    return parse(read_yaml(path), str(path))


def read_yaml(path: Path) -> object:
    """A YAML file's parsed data, or QuestionnaireError naming the file (and the line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QuestionnaireError([f"{path}: (file): {exc.strerror or exc}"]) from None
    return yaml_document(data, str(path), QuestionnaireError)


def load_bytes(data: bytes, source: str = "<data>") -> AnyQuestionnaire:
    """Parse and validate a questionnaire file's bytes (an upload); ``source`` names it in the
    problem lines."""
    return parse(yaml_document(data, source, QuestionnaireError), source)


def yaml_document(data: bytes, source: str, error: type[DocumentError] = DocumentError) -> object:
    """A YAML document's bytes parsed (safe loader), or ``error`` with one ``source: where: what``
    line: not UTF-8, or the YAML's own problem and line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise error([f"{source}: (file): not UTF-8 text"]) from None
    try:
        parsed = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(yaml)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error([f"{source}: {where}: {problem}"]) from None
    return parsed


# ------------------------------------------------------------------------------ consistency


def _duplicates(ids: list[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


def _level_names(q) -> list[tuple[str, str]]:
    want = list(range(0, 5)) if q.kind == "sme" else list(range(1, 6))
    got = [lv.level for lv in q.levels]
    if got != want:
        return [("levels", f"must list levels {want[0]}..{want[-1]} in order, got {got}")]
    return []


def consistency_problems(q) -> list[tuple[str, str]]:
    """Checks that span fields; each problem is (field path, message)."""
    problems = _level_names(q)
    if isinstance(q, DcmmQuestionnaire):
        problems += _dcmm_problems(q)
    elif isinstance(q, CmmmQuestionnaire):
        problems += cmmm_problems(q)
    else:
        problems += _sme_problems(q)
    return problems


def _dcmm_problems(q: DcmmQuestionnaire) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    all_ids = [a.id for a in q.areas]
    for ai, area in enumerate(q.areas):
        at = f"areas.{ai}"
        for ii, item in enumerate(area.items):
            it = f"{at}.items.{ii}"
            all_ids.append(item.id)
            if not item.id.startswith(area.id + "."):
                out.append((f"{it}.id", f"{item.id!r} must start with the area id {area.id!r}."))
            if [lv.level for lv in item.levels] != [1, 2, 3, 4, 5]:
                out.append((f"{it}.levels", "must describe levels 1..5 in order"))
            for lv in (2, 3, 4, 5):
                if not any(c.level == lv for c in item.criteria):
                    out.append((f"{it}.criteria", f"no criterion at level {lv}"))
            for ci, crit in enumerate(item.criteria):
                all_ids.append(crit.id)
                if not crit.id.startswith(item.id + "."):
                    out.append((f"{it}.criteria.{ci}.id", f"{crit.id!r} must start with {item.id!r}."))
            levels = [g.level for g in item.guidance]
            if None in levels or _duplicates([str(x) for x in levels]):
                out.append((f"{it}.guidance", "each entry needs a distinct target level"))
    for dup in _duplicates(all_ids):
        out.append(("areas", f"id {dup!r} is used more than once"))
    return out


def _sme_problems(q: SmeQuestionnaire) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    all_ids: list[str] = [d.id for d in q.dimensions]
    total = 0.0
    for di, dim in enumerate(q.dimensions):
        dt = f"dimensions.{di}"
        groups = {g.id: g for g in dim.groups}
        dim_sum = math.fsum(x.max_points for x in dim.questions)
        total += dim_sum
        if abs(dim_sum - dim.max_points) > EPS:
            out.append((f"{dt}.max_points", f"{dim.max_points} but its questions add up to {dim_sum}"))
        for gi, group in enumerate(dim.groups):
            g_sum = math.fsum(x.max_points for x in dim.questions if x.group == group.id)
            if abs(g_sum - group.max_points) > EPS:
                out.append((f"{dt}.groups.{gi}.max_points", f"{group.max_points} but questions add up to {g_sum}"))
        for qi, qn in enumerate(dim.questions):
            qt = f"{dt}.questions.{qi}"
            all_ids.append(qn.id)
            all_ids.extend(f.id for f in qn.figures)
            if not qn.id.startswith(dim.id + "."):
                out.append((f"{qt}.id", f"{qn.id!r} must start with the dimension id {dim.id!r}."))
            if qn.group not in groups:
                out.append((f"{qt}.group", f"unknown group {qn.group!r}"))
            for fi, fig in enumerate(qn.figures):
                if not fig.id.startswith(qn.id + "."):
                    out.append((f"{qt}.figures.{fi}.id", f"{fig.id!r} must start with {qn.id!r}."))
            out += [(f"{qt}.{f}", m) for f, m in _question_problems(qn)]
    if abs(total - 100) > EPS:
        out.append(("dimensions", f"question points add up to {total}, not 100"))
    for si, sc in enumerate(q.scenarios):
        all_ids.append(sc.id)
        if [lv.level for lv in sc.levels] != [1, 2, 3, 4]:
            out.append((f"scenarios.{si}.levels", "must describe levels 1..4 in order"))
    rules = sorted(q.level_rules, key=lambda r: r.level)
    if [r.level for r in rules] != list(range(1, len(rules) + 1)):
        out.append(("level_rules", "levels must be 1..N, each once"))
    n_constraint = sum(s.constraint for s in q.scenarios)
    for lo, hi in zip(rules, rules[1:]):
        if hi.min_score <= lo.min_score:
            out.append(("level_rules", f"level {hi.level} threshold must be above level {lo.level}'s"))
    for ri, rule in enumerate(q.level_rules):
        if rule.min_scenarios > len(q.scenarios) or rule.min_constraint > n_constraint:
            out.append((f"level_rules.{ri}", "asks for more scenarios than the questionnaire has"))
        if rule.min_constraint > rule.min_scenarios:
            out.append((f"level_rules.{ri}", "min_constraint cannot exceed min_scenarios"))
    for dup in _duplicates(all_ids):
        out.append(("dimensions", f"id {dup!r} is used more than once"))
    return out


def _question_problems(qn) -> list[tuple[str, str]]:
    out = []
    if qn.type == "band":
        if not qn.bands or qn.options:
            return [("bands", "a band question has bands and no options")]
        bands = qn.bands
        for bi, (a, b) in enumerate(zip(bands, bands[1:])):
            if abs(a.max - b.min) > EPS:
                out.append((f"bands.{bi + 1}.min", f"must equal the previous band's max {a.max}"))
        for bi, band in enumerate(bands):
            if band.max <= band.min:
                out.append((f"bands.{bi}.max", "must be above min"))
        top = max(b.points for b in bands)
    else:
        if not qn.options or qn.bands:
            return [("options", f"a {qn.type} question has options and no bands")]
        dup = _duplicates([o.id for o in qn.options])
        if dup:
            out.append(("options", f"option id {dup[0]!r} is used more than once"))
        pts = [o.points for o in qn.options]
        top = min(math.fsum(pts), qn.max_points) if qn.type == "multi" else max(pts)
    if abs(top - qn.max_points) > EPS:
        out.append(("max_points", f"{qn.max_points} but the best answer gives {top}"))
    return out


# --------------------------------------------------------------------------------- catalogue


def versions_dir() -> Path:
    """Where activated versions and the activation record live: ``$ASSESSMENT_VERSIONS_DIR``,
    else ``questionnaires/versions``."""
    env = os.environ.get("ASSESSMENT_VERSIONS_DIR")
    return Path(env) if env else SHIPPED_VERSIONS


def version_files() -> list[Path]:
    """Every questionnaire file: the other versions, then the shipped editions (so that a shipped
    file wins over a stray copy of the same id and version)."""
    folders = [SHIPPED_VERSIONS]
    if versions_dir().resolve() != SHIPPED_VERSIONS:
        folders.append(versions_dir())
    editions = [p for p in sorted(HERE.glob("*.yaml")) if p.name not in NOT_EDITIONS]
    return [p for folder in folders for p in sorted(folder.glob("*.yaml"))] + editions


def activation_record() -> dict[str, str]:
    """The activation record ``{id: version}`` (empty when no version was ever activated)."""
    path = versions_dir() / ACTIVE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuestionnaireError([f"{path}: (file): {exc}"]) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise QuestionnaireError([f"{path}: (root): expected a mapping of questionnaire id to version"])
    return data


class _Catalogue(dict):
    """(id, version) -> questionnaire, and in ``sources`` the file each one was read from."""

    sources: dict[tuple[str, str], Path]


@functools.cache
def _catalogue() -> _Catalogue:
    found = _Catalogue()
    found.sources = {}
    for path in version_files():
        q = load_file(path)
        found[(q.id, q.version)] = q
        found.sources[(q.id, q.version)] = path
    return found


def catalogue() -> dict[tuple[str, str], AnyQuestionnaire]:
    """Every version of every edition, by (id, version)."""
    return dict(_catalogue())


def source_of(qid: str, version: str) -> Path:
    """The file a version was read from."""
    return _catalogue().sources[(qid, version)]


def shipped() -> dict[str, AnyQuestionnaire]:
    """The editions' top-level files (shipped with the toolkit), by id."""
    everything = _catalogue()
    return {key[0]: q for key, q in everything.items() if everything.sources[key].parent == HERE}


@functools.cache
def _current() -> dict[str, AnyQuestionnaire]:
    current = shipped()
    for qid, version in activation_record().items():
        # a record naming a version that is not there fails loudly: silently answering on
        # another version than the one the administrator activated would be worse
        if qid not in current or (qid, version) not in _catalogue():
            where = versions_dir() / ACTIVE_FILE
            raise QuestionnaireError([f"{where}: {qid}: version {version!r} is not among the questionnaire files"])
        current[qid] = _catalogue()[(qid, version)]
    return current


def clear_caches() -> None:
    """Forget the parsed files (after a version was activated)."""
    _catalogue.cache_clear()
    _current.cache_clear()


def available() -> dict[str, AnyQuestionnaire]:
    """The current edition of every shipped questionnaire, by id."""
    return dict(_current())


def get(qid: str, version: str | None = None) -> AnyQuestionnaire:
    """The questionnaire ``qid`` at ``version`` (the current one when not given)."""
    if version is None:
        try:
            return _current()[qid]
        except KeyError:
            raise UnknownQuestionnaire(qid) from None
    try:
        return _catalogue()[(qid, version)]
    except KeyError:
        raise UnknownQuestionnaire(qid, version) from None
