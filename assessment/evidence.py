"""Evidence per item (issue 13, point 1): files an enterprise attaches to a DCMM item, an SME
question or scenario, or a CMMM sub-domain or requirement of its self-assessment, while answering
and after submitting, until verification starts.

* Who adds and removes: only the enterprise itself, on its own self-assessment, in an open round,
  while ``evidence_open``. Who reads (lists, downloads): ``may_read_evidence`` — the enterprise
  itself, the bureau (analysts, administrators) and the assessor the assessment is assigned
  to. Every download is audited, and so is every refusal.
* A file is checked before anything is kept (``assessment.evidence_files``: kind from the bytes,
  size, name, description, the optional ClamAV scan), then kept content-addressed under the
  database's write lock with its row, so the rows and the folder never disagree for long: a file
  no row refers to is removed by ``collect`` (run after every removal, and by
  ``cli.py evidence gc``).
"""

from __future__ import annotations

from pathlib import Path

from assessment import evidence_files as files
from assessment import rounds
from assessment.access import NOT_YOURS, Actor, deny, may_assessor_reach, require_answer_write
from assessment.audit import record, record_alone
from assessment.db import Store, now
from assessment.enterprises import NotFound
from assessment.evidence_files import EvidenceError
from questionnaires import get as get_questionnaire
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire, Text

COLUMNS = "id, assessment_id, question_id, sha256, kind, bytes, name, description, added_by, added_at"


def root(store: Store) -> Path:
    """The evidence folder of ``store``'s database."""
    return files.folder(store.path)


def _assessment(db, assessment_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM assessments WHERE id = ?", [assessment_id]))
    return rows[0] if rows else None


def targets(row: dict) -> set[str]:
    """The ids evidence can be attached to in this assessment's questionnaire: DCMM items, SME
    questions and scenarios, CMMM sub-domains and requirements."""
    q = get_questionnaire(row["questionnaire"], row["version"])
    if isinstance(q, DcmmQuestionnaire):
        return {item.id for item in q.items}
    if isinstance(q, CmmmQuestionnaire):
        return set(q.subdomain_by_id) | set(q.requirement_by_id)
    return {x.id for x in q.questions} | set(q.scenario_by_id)


def evidence_hint(q, target_id: str) -> list[tuple[int, Text]]:
    """What the bank says shows a target, as ``(level, text)``: a CMMM requirement's evidence; for
    a CMMM sub-domain or a DCMM item, the evidence of each of its requirements (criteria), lowest
    level first; nothing for an SME question or scenario (the bank names no evidence there)."""
    if isinstance(q, CmmmQuestionnaire):
        found = q.requirement_by_id.get(target_id)
        if found is not None:
            return [(found.level, found.evidence)]
        sub = q.subdomain_by_id.get(target_id)
        return [(r.level, r.evidence) for r in sorted(sub.requirements, key=lambda r: r.level)] if sub else []
    if isinstance(q, DcmmQuestionnaire):
        item = q.item_by_id.get(target_id)
        return [(c.level, c.evidence) for c in sorted(item.criteria, key=lambda c: c.level)] if item else []
    return []


# ---------------------------------------------------------------------------------- the rules


def evidence_open(store: Store, assessment_id: int) -> bool:
    """Whether the enterprise may still add or remove evidence on this assessment: its own
    self-assessment (draft or submitted) whose verification has not started — no assessor
    assigned, no ``onsite`` record verifying it — or, once it has, while an assessor's request
    for more evidence is unanswered."""
    row = _assessment(store.db, assessment_id)
    if row is None or row["source"] != "self":
        return False
    db = store.db
    started = db.execute(
        "SELECT EXISTS (SELECT 1 FROM verification_assignments WHERE assessment_id = ?) "
        "OR EXISTS (SELECT 1 FROM assessments WHERE verifies = ?)",
        [assessment_id, assessment_id],
    ).fetchone()[0]
    if not started:
        return True
    asked = db.execute(
        "SELECT 1 FROM evidence_requests WHERE assessment_id = ? AND answered_at IS NULL LIMIT 1", [assessment_id]
    ).fetchone()
    return asked is not None


def may_read_evidence(store: Store, actor: Actor, assessment: dict) -> bool:
    """Whether ``actor`` may list and download the evidence of ``assessment`` (its row): the
    enterprise itself, the bureau, and the assessor it is assigned to."""
    if actor.role == "enterprise":
        return actor.credit_code == assessment["credit_code"]
    if actor.role == "assessor":
        return may_assessor_reach(store, actor, assessment)
    return actor.role in ("analyst", "admin")


def may_attach(store: Store, actor: Actor, assessment: dict) -> bool:
    """Whether ``actor`` may add and remove evidence on ``assessment`` (its row) now: the
    enterprise itself, on its self-assessment, in an open round, before verification starts
    (pages use it to offer only what works; ``add`` and ``remove`` check it all again)."""
    return (
        actor.role == "enterprise"
        and actor.credit_code == assessment["credit_code"]
        and assessment["round"] in rounds.open_rounds(store)
        and evidence_open(store, assessment["id"])
    )


def _readable(store: Store, actor: Actor, assessment_id: int, action: str) -> dict:
    row = _assessment(store.db, assessment_id)
    if row is None:
        if actor.role == "enterprise":
            deny(store, actor, action, "assessment", assessment_id, *NOT_YOURS)
        raise NotFound(f"评估 {assessment_id} 不存在", f"assessment {assessment_id} does not exist")
    if not may_read_evidence(store, actor, row):
        deny(store, actor, action, "assessment", assessment_id, *NOT_YOURS)
    return row


def _writable(store: Store, actor: Actor, assessment_id: int, action: str) -> dict:
    """Checked before the write transaction opens, so a refusal's audit row is kept."""
    row = _readable(store, actor, assessment_id, action)
    require_answer_write(store, actor, row["credit_code"], action)
    _require_open(store, assessment_id)
    return row


def _require_open(store: Store, assessment_id: int) -> None:
    # checked before the transaction (a clear refusal early) and again inside it (verification
    # may have started meanwhile)
    if not evidence_open(store, assessment_id):
        raise EvidenceError(
            f"评估 {assessment_id} 已进入核查（或不是企业自评），不能再增删佐证材料",
            f"assessment {assessment_id} is under verification (or not a self-assessment): evidence is closed",
        )


# ------------------------------------------------------------------------------------ writing


def add(
    store: Store, actor: Actor, assessment_id: int, question_id: str, name: str, data: bytes, description: str
) -> dict:
    """Attach ``data`` (named ``name`` by the uploader; display only) to ``question_id`` of the
    assessment. Refused with a message naming the file, and nothing kept, when any rule fails;
    a refused file is written to the audit log (outcome ``failed``, with the reason)."""
    try:
        return _add(store, actor, assessment_id, question_id, name, data, description)
    except EvidenceError as exc:
        detail = {"question": str(question_id)[:100], "bytes": len(data), "reason": exc.en[:500]}
        record_alone(store, actor, "evidence.add", "assessment", assessment_id, outcome="failed", detail=detail)
        raise


def _add(
    store: Store, actor: Actor, assessment_id: int, question_id: str, name: str, data: bytes, description: str
) -> dict:
    row = _writable(store, actor, assessment_id, "evidence.add")
    shown = files.display_name(name)
    if question_id not in targets(row):
        raise files.refused(
            shown, f"题目 {question_id} 不在该问卷中", f"question {question_id} is not in this questionnaire"
        )
    description = files.check_description(shown, description)
    files.check_size(shown, len(data))
    kind = files.file_kind(shown, data)
    sha = files.sha256_of(data)
    folder = root(store)
    temporary = files.write_temporary(folder, data)
    try:
        files.scan(shown, temporary)
        with store.write() as db:
            _require_open(store, assessment_id)
            if actor.role == "enterprise":
                rounds.require_open(db, row["round"])
            _require_room(db, shown, assessment_id, question_id, sha, len(data))
            placed = files.keep(folder, sha, temporary)
            try:
                entry = {
                    "assessment_id": assessment_id,
                    "question_id": question_id,
                    "sha256": sha,
                    "kind": kind,
                    "bytes": len(data),
                    "name": shown,
                    "description": description,
                    "added_by": actor.username,
                    "added_at": now(),
                }
                entry["id"] = db.table("evidence").insert(entry).last_pk
                record(
                    db,
                    actor,
                    "evidence.add",
                    "assessment",
                    assessment_id,
                    detail={"evidence": entry["id"], "question": question_id, "sha256": sha, "bytes": len(data)},
                )
            except BaseException:
                # still under the write lock: nobody else can have come to rely on the file placed
                # (a commit that fails later leaves it unreferenced, for ``collect``)
                if placed:
                    files.blob_path(folder, sha).unlink(missing_ok=True)
                raise
    finally:
        temporary.unlink(missing_ok=True)
    return entry


def _require_room(db, shown: str, assessment_id: int, question_id: str, sha: str, size: int) -> None:
    """The per-assessment limits (files, bytes), and one file once per question."""
    count, total, same = db.execute(
        "SELECT count(*), coalesce(sum(bytes), 0), "
        "coalesce(sum(question_id = ? AND sha256 = ?), 0) FROM evidence WHERE assessment_id = ?",
        [question_id, sha, assessment_id],
    ).fetchone()
    if same:
        raise files.refused(shown, "同一文件已附在该题下", "the same file is already attached to this question")
    if count >= files.MAX_ASSESSMENT_FILES:
        raise files.refused(
            shown,
            f"每份评估最多 {files.MAX_ASSESSMENT_FILES} 个附件",
            f"an assessment holds at most {files.MAX_ASSESSMENT_FILES} files",
        )
    if total + size > files.MAX_ASSESSMENT_BYTES:
        raise files.refused(
            shown,
            f"该评估的附件合计将超过 {files.megabytes(files.MAX_ASSESSMENT_BYTES)}（已有 {files.megabytes(total)}）",
            f"the assessment's files would pass {files.megabytes(files.MAX_ASSESSMENT_BYTES)} "
            f"({files.megabytes(total)} already)",
        )


def _entry(store: Store, evidence_id: int) -> dict | None:
    rows = list(store.db.query(f"SELECT {COLUMNS} FROM evidence WHERE id = ?", [evidence_id]))
    return rows[0] if rows else None


def _entry_for(store: Store, actor: Actor, evidence_id: int, action: str) -> tuple[dict, dict]:
    entry = _entry(store, evidence_id)
    if entry is None:
        if actor.role == "enterprise":
            deny(store, actor, action, "evidence", evidence_id, *NOT_YOURS)
        raise NotFound(f"佐证材料 {evidence_id} 不存在", f"evidence {evidence_id} does not exist")
    return entry, _readable(store, actor, entry["assessment_id"], action)


def remove(store: Store, actor: Actor, evidence_id: int) -> None:
    """Detach one file; the file itself goes when nothing else refers to it."""
    entry, _ = _entry_for(store, actor, evidence_id, "evidence.remove")
    row = _writable(store, actor, entry["assessment_id"], "evidence.remove")
    with store.write() as db:
        _require_open(store, entry["assessment_id"])
        rounds.require_open(db, row["round"])
        db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
        record(
            db,
            actor,
            "evidence.remove",
            "assessment",
            entry["assessment_id"],
            detail={"evidence": evidence_id, "question": entry["question_id"], "sha256": entry["sha256"]},
        )
    collect(store)


def carry_forward(db, source_id: int, target_id: int) -> int:
    """A new revision keeps the evidence of the one it revises (same files, new rows); call it
    in the transaction that creates the revision."""
    return db.execute(
        "INSERT INTO evidence (assessment_id, question_id, sha256, kind, bytes, name, description, added_by, "
        "added_at) SELECT ?, question_id, sha256, kind, bytes, name, description, added_by, added_at "
        "FROM evidence WHERE assessment_id = ? ORDER BY id",
        [target_id, source_id],
    ).rowcount


def collect(store: Store) -> list[str]:
    """Remove kept files no row refers to, and temporary files of uploads that never finished;
    returns the sha256 of the files removed. Runs under the write lock, so no upload can come to
    rely on a file while it is being removed."""
    folder = root(store)
    removed = []
    with store.write() as db:
        wanted = {r[0] for r in db.execute("SELECT DISTINCT sha256 FROM evidence")}
        for sha, path in files.kept(folder).items():
            if sha not in wanted:
                path.unlink(missing_ok=True)
                removed.append(sha)
        for path in files.stale_uploads(folder):
            path.unlink(missing_ok=True)
    return sorted(removed)


# ------------------------------------------------------------------------------------ reading


def list_for(store: Store, actor: Actor, assessment_id: int, item_or_question_id: str | None = None) -> list[dict]:
    """The attachments of an assessment (of one item or question, if given), oldest first, each
    ``{id, assessment_id, question_id, sha256, kind, mime, bytes, name, description, added_by,
    added_at}``."""
    _readable(store, actor, assessment_id, "evidence.list")
    sql = f"SELECT {COLUMNS} FROM evidence WHERE assessment_id = ?"
    params: list = [assessment_id]
    if item_or_question_id is not None:
        sql += " AND question_id = ?"
        params.append(item_or_question_id)
    rows = list(store.db.query(sql + " ORDER BY id", params))
    for r in rows:
        r["mime"] = files.KINDS[r["kind"]].mime
    return rows


def read(store: Store, actor: Actor, evidence_id: int) -> tuple[dict, bytes]:
    """One attachment's metadata and bytes, for a download (audited); the bytes are checked
    against their sha256 on the way out."""
    entry, _ = _entry_for(store, actor, evidence_id, "evidence.download")
    entry["mime"] = files.KINDS[entry["kind"]].mime
    try:
        data = files.blob_path(root(store), entry["sha256"]).read_bytes()
    except OSError:
        data = None
    if data is None or files.sha256_of(data) != entry["sha256"]:
        raise EvidenceError(
            f"文件“{entry['name']}”在服务器上缺失或已损坏，请联系管理员从备份恢复",
            f"file '{entry['name']}' is missing or damaged on the server: ask an administrator to restore a backup",
        )
    with store.write() as db:
        record(
            db,
            actor,
            "evidence.download",
            "assessment",
            entry["assessment_id"],
            detail={"evidence": evidence_id, "sha256": entry["sha256"]},
        )
    return entry, data
