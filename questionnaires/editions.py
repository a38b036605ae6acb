"""Questionnaire editions and their versions: which exist, which is current, and activating a new
version from an uploaded file.

Activation keeps every version: the file is saved as ``<id>@<version>.yaml`` in
``loader.versions_dir()`` and the activation record ``active.json`` (``{id: version}``) is pointed
at it. New assessments are answered on the current version; an assessment stores the version it
was answered on and ``get(id, version)`` still finds that file, so old assessments keep scoring
with their own version. Files are written to a temporary name and renamed, so a crash leaves the
old state or the new one.

Who may activate, and the audit row, are the caller's business (the administration page checks
the administrator role in ``assessment.access`` and records the activation in the audit log).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from questionnaires import loader
from questionnaires.loader import QuestionnaireError
from questionnaires.schema import AnyQuestionnaire, Text

# a version becomes part of a file name: letters, digits, dot, dash, underscore
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass(frozen=True)
class Edition:
    """One version of a questionnaire edition, as the loader finds it."""

    id: str
    version: str
    kind: str
    title: Text
    current: bool
    shipped: bool  # the edition's top-level file, shipped with the toolkit
    file: str


def editions() -> list[Edition]:
    """Every version of every edition, by id and then version."""
    current = {qid: q.version for qid, q in loader.available().items()}
    out = []
    for (qid, version), q in sorted(loader.catalogue().items()):
        path = loader.source_of(qid, version)
        out.append(
            Edition(
                id=qid,
                version=version,
                kind=q.kind,
                title=q.title,
                current=current.get(qid) == version,
                shipped=path.parent == loader.HERE,
                file=_shown(path),
            )
        )
    return out


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(loader.HERE.parent))
    except ValueError:
        return str(path)


def check_upload(data: bytes, filename: str) -> AnyQuestionnaire:
    """Validate an uploaded questionnaire file; raise QuestionnaireError with one
    ``filename: field: message`` line per problem."""
    return loader.load_bytes(data, filename)


def activation_problems(q: AnyQuestionnaire, filename: str) -> list[str]:
    """Why a valid questionnaire cannot become a new current version (empty: it can).

    Its id must be a shipped edition's, of the same kind, and its version must be new."""
    shipped = loader.available()
    if q.id not in shipped:
        known = ", ".join(sorted(shipped))
        return [f"{filename}: id: {q.id!r} 不是已有的问卷 / is not a shipped questionnaire (one of {known})"]
    problems = []
    if q.kind != shipped[q.id].kind:
        problems.append(f"{filename}: kind: 应为 {shipped[q.id].kind} / must be {shipped[q.id].kind!r} like {q.id}")
    if not VERSION_PATTERN.match(q.version):
        problems.append(
            f"{filename}: version: 只能包含字母、数字、点、横线和下划线 / "
            "only letters, digits, '.', '-' and '_' (at most 40)"
        )
    if (q.id, q.version) in loader.catalogue():
        problems.append(f"{filename}: version: {q.id} 版本 {q.version} 已存在 / {q.id} version {q.version} exists")
    return problems


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _point_record_at(qid: str, version: str) -> None:
    record = loader.activation_record()
    if loader.shipped()[qid].version == version:
        # back to the shipped file: no pin, so that an upgrade's newer file becomes current
        record.pop(qid, None)
    else:
        record[qid] = version
    text = json.dumps(dict(sorted(record.items())), ensure_ascii=False, indent=2) + "\n"
    _write_atomically(loader.versions_dir() / loader.ACTIVE_FILE, text.encode("utf-8"))
    loader.clear_caches()


def activate(data: bytes, filename: str) -> AnyQuestionnaire:
    """Save an uploaded file as a new version of its edition and make it the current version.

    Raises QuestionnaireError (problem lines) when the file is invalid, its id is not a shipped
    edition's, or its version exists already; nothing is written then."""
    q = check_upload(data, filename)
    problems = activation_problems(q, filename)
    if problems:
        raise QuestionnaireError(problems)
    _write_atomically(loader.versions_dir() / f"{q.id}@{q.version}.yaml", data)
    loader.clear_caches()
    _point_record_at(q.id, q.version)
    return loader.get(q.id)


def make_current(qid: str, version: str) -> AnyQuestionnaire:
    """Make a version that is already there the current one (e.g. go back to the shipped file)."""
    if qid not in loader.available():
        raise QuestionnaireError([f"{qid}: id: 不是已有的问卷 / is not a shipped questionnaire"])
    if (qid, version) not in loader.catalogue():
        raise QuestionnaireError([f"{qid}: version: 版本 {version} 不存在 / there is no version {version!r}"])
    _point_record_at(qid, version)
    return loader.get(qid)
