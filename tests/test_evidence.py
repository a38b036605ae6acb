"""Evidence per item (issue 13, point 1): what is accepted, what is refused (with nothing kept),
who may read, the content-addressed folder, the scan setting and the garbage collection."""

from __future__ import annotations

import os
import stat
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import evidence, lifecycle, rounds
from assessment import evidence_files as files
from assessment.access import CLI, PermissionDenied
from assessment.evidence_files import EvidenceError
from tests import evidence_samples as samples
from tests.conftest import code, make_enterprise
from tests.support.records import add as add_bureau_record

DCMM = "dcmm-2025"
ITEM = "strategy.planning"
OTHER_ITEM = "strategy.implementation"


@pytest.fixture
def draft(store, enterprise) -> int:
    return lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2025")


def attach(store, who, aid, data=None, name="制度.pdf", question=ITEM, description="数据战略规划文件"):
    return evidence.add(store, who, aid, question, name, samples.pdf() if data is None else data, description)


def on_disk(store) -> list:
    """Every file under the evidence folder, temporary ones included."""
    folder = evidence.root(store)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def rows(store) -> int:
    return store.db.execute("SELECT count(*) FROM evidence").fetchone()[0]


def audit(store, action: str) -> list[tuple]:
    return store.db.execute(
        "SELECT actor, outcome, record_id FROM audit WHERE action = ? ORDER BY id", [action]
    ).fetchall()


# ------------------------------------------------------------------------------- accepted


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (samples.pdf, "pdf"),
        (samples.png, "png"),
        (samples.jpeg, "jpeg"),
        (samples.docx, "docx"),
        (samples.xlsx, "xlsx"),
        (lambda: "数据管理制度汇编\n第一章".encode(), "text"),
        (lambda: "数据管理制度汇编\r\n第一章".encode("gb18030"), "text"),
    ],
)
def test_each_accepted_kind_is_kept_by_its_content(store, enterprise, draft, make, kind):
    data = make()
    entry = attach(store, enterprise, draft, data, name="随便起的名字.bin")
    assert entry["kind"] == kind and entry["bytes"] == len(data)
    listed = evidence.list_for(store, enterprise, draft, ITEM)
    assert [e["name"] for e in listed] == ["随便起的名字.bin"]
    assert listed[0]["mime"] == files.KINDS[kind].mime
    meta, back = evidence.read(store, enterprise, entry["id"])
    assert back == data and meta["description"] == "数据战略规划文件"


def test_files_are_content_addressed_private_and_deduplicated(store, enterprise, draft):
    old = os.umask(0)  # the most permissive umask: the files must still be private
    try:
        first = attach(store, enterprise, draft)
        second = attach(store, enterprise, draft, question=OTHER_ITEM, name="copy.pdf")
    finally:
        os.umask(old)
    assert first["sha256"] == second["sha256"]
    kept = files.kept(evidence.root(store))
    assert list(kept) == [first["sha256"]]
    path = kept[first["sha256"]]
    assert path == evidence.root(store) / first["sha256"][:2] / first["sha256"][2:]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(evidence.root(store).stat().st_mode) == 0o700
    assert evidence.root(store) == store.path.parent / "assessment.evidence"
    # removing one attachment keeps the file the other still uses; removing both removes it
    evidence.remove(store, enterprise, first["id"])
    assert path.is_file()
    evidence.remove(store, enterprise, second["id"])
    assert not path.exists() and rows(store) == 0
    assert [r[1] for r in audit(store, "evidence.remove")] == ["ok", "ok"]


def test_the_same_file_twice_on_one_question_is_refused(store, enterprise, draft):
    attach(store, enterprise, draft)
    with pytest.raises(EvidenceError, match="already attached"):
        attach(store, enterprise, draft, name="again.pdf")
    assert rows(store) == 1 and len(on_disk(store)) == 1


def test_sme_questions_and_scenarios_take_evidence(store, enterprise):
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, "sme-2024", "2025")
    q = lifecycle.questionnaire_of(lifecycle.get(store, enterprise, aid))
    attach(store, enterprise, aid, question=q.questions[0].id)
    attach(store, enterprise, aid, question=q.scenarios[0].id)
    assert len(evidence.list_for(store, enterprise, aid)) == 2
    with pytest.raises(EvidenceError, match="not in this questionnaire"):
        attach(store, enterprise, aid, question=ITEM)


# -------------------------------------------------------------------------------- hostile


HOSTILE = [
    ("report.pdf", samples.executable, "unsupported type (its content is ELF executable)"),
    ("制度.docx", samples.zip_bomb_docx, "zip bomb"),
    ("empty.pdf", lambda: b"", "empty (0 bytes)"),
    ("big.txt", lambda: b"a" * (files.MAX_FILE_BYTES + 1), "over the limit of 10 MB per file"),
    ("plain.docx", samples.plain_zip, "not a valid Office document"),
    (
        "macro.docx",
        lambda: samples.docx(
            content_types=samples.CONTENT_TYPES.replace(
                "officedocument.wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
            ).replace("openxmlformats-ms-word", "ms-word")
        ),
        "not a valid Office document",
    ),
    ("nul.txt", lambda: b"text\x00with a NUL", "unsupported type"),
]


@pytest.mark.parametrize(("name", "make", "says"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_naming_the_file_and_nothing_is_kept(store, enterprise, draft, name, make, says):
    with pytest.raises(EvidenceError) as refused:
        attach(store, enterprise, draft, make(), name=name)
    assert says in refused.value.en
    assert name in refused.value.en and name in refused.value.zh and "未保存" in refused.value.zh
    assert rows(store) == 0 and on_disk(store) == []


def test_a_name_with_path_parts_and_control_characters_is_refused(store, enterprise, draft):
    with pytest.raises(EvidenceError) as refused:
        attach(store, enterprise, draft, name="../../etc/pass\x1b[31mwd\u202egpj.pdf")
    assert "control characters" in refused.value.en and "pass?[31mwd?gpj.pdf" in refused.value.en
    assert "../" not in refused.value.en
    assert rows(store) == 0 and on_disk(store) == []


def test_path_parts_of_a_name_are_dropped(store, enterprise, draft):
    entry = attach(store, enterprise, draft, name="C:\\Users\\张三\\..\\..\\制度.pdf")
    assert entry["name"] == "制度.pdf"
    entry = attach(store, enterprise, draft, samples.png(), name="../../.hidden.png")
    assert entry["name"] == "hidden.png"


@given(st.text(max_size=300))
def test_a_display_name_is_never_a_path_nor_holds_controls(raw):
    try:
        shown = files.display_name(raw)
    except EvidenceError:
        return
    assert shown and "/" not in shown and "\\" not in shown and not shown.startswith(".")
    assert len(shown) <= files.MAX_NAME_CHARS
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in shown)


def test_too_many_files_are_refused(store, enterprise, draft):
    for n in range(files.MAX_ASSESSMENT_FILES):
        attach(store, enterprise, draft, f"证明材料 {n}".encode(), name=f"{n}.txt")
    kept = on_disk(store)
    with pytest.raises(EvidenceError) as refused:
        attach(store, enterprise, draft, b"one more", name="one-more.txt")
    assert f"at most {files.MAX_ASSESSMENT_FILES} files" in refused.value.en and "one-more.txt" in refused.value.en
    assert rows(store) == files.MAX_ASSESSMENT_FILES and on_disk(store) == kept


def test_the_total_per_assessment_is_capped(store, enterprise, draft, monkeypatch):
    monkeypatch.setattr(files, "MAX_ASSESSMENT_BYTES", 1024 * 1024)
    attach(store, enterprise, draft, b"a" * 600_000, name="a.txt")
    with pytest.raises(EvidenceError, match="would pass 1 MB"):
        attach(store, enterprise, draft, b"b" * 600_000, name="b.txt")
    assert rows(store) == 1 and len(on_disk(store)) == 1


@pytest.mark.parametrize(("text", "says"), [("", "give a short description"), ("长" * 201, "longer than 200")])
def test_the_description_is_required_and_short(store, enterprise, draft, text, says):
    with pytest.raises(EvidenceError, match=says):
        attach(store, enterprise, draft, description=text)
    assert rows(store) == 0 and on_disk(store) == []


def test_a_description_is_kept_on_one_line(store, enterprise, draft):
    entry = attach(store, enterprise, draft, description="  第一行\n第二行\x07 ")
    assert entry["description"] == "第一行 第二行"


# ------------------------------------------------------------------------------ who may do what


def test_another_enterprise_is_refused_and_audited(store, enterprise, draft):
    entry = attach(store, enterprise, draft)
    other = make_enterprise(store, 2)
    for call in (
        lambda: evidence.list_for(store, other, draft),
        lambda: evidence.read(store, other, entry["id"]),
        lambda: evidence.remove(store, other, entry["id"]),
        lambda: attach(store, other, draft, name="x.pdf"),
        lambda: evidence.read(store, other, 9999),  # one that does not exist: the same answer
    ):
        with pytest.raises(PermissionDenied, match="no such record for this account"):
            call()
    denied = store.db.execute("SELECT action FROM audit WHERE actor = ? AND outcome = 'denied'", [other.username])
    assert [r[0] for r in denied] == [
        "evidence.list",
        "evidence.download",
        "evidence.remove",
        "evidence.add",
        "evidence.download",
    ]
    assert rows(store) == 1


def test_the_bureau_reads_and_every_download_is_audited(store, enterprise, draft, analyst):
    entry = attach(store, enterprise, draft)
    assert [e["id"] for e in evidence.list_for(store, analyst, draft)] == [entry["id"]]
    _, data = evidence.read(store, analyst, entry["id"])
    evidence.read(store, CLI, entry["id"])
    evidence.read(store, enterprise, entry["id"])
    assert data == samples.pdf()
    downloads = audit(store, "evidence.download")
    assert [(who, outcome) for who, outcome, _ in downloads] == [
        ("analyst1", "ok"),
        ("cli", "ok"),
        (enterprise.username, "ok"),
    ]
    assert {aid for *_, aid in downloads} == {str(draft)}
    # the bureau reads but never attaches or removes an enterprise's evidence
    with pytest.raises(PermissionDenied):
        attach(store, analyst, draft, samples.png(), name="bureau.png")
    with pytest.raises(PermissionDenied):
        evidence.remove(store, analyst, entry["id"])
    assert rows(store) == 1


def test_may_read_evidence(store, enterprise, draft, analyst):
    row = lifecycle.get(store, enterprise, draft)
    assert evidence.may_read_evidence(store, enterprise, row)
    assert evidence.may_read_evidence(store, analyst, row) and evidence.may_read_evidence(store, CLI, row)
    assert not evidence.may_read_evidence(store, make_enterprise(store, 2), row)


def test_evidence_stays_open_after_submit_and_follows_a_revision(store, enterprise):
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, "sme-2024", "2025")
    from tests.support.pages import full_sme_answers as sme_answers
    from tests.support.records import save_all

    save_all(store, enterprise, aid, sme_answers())
    lifecycle.submit(store, enterprise, aid)
    question = lifecycle.questionnaire_of(lifecycle.get(store, enterprise, aid)).questions[0].id
    assert evidence.evidence_open(store, aid)
    entry = attach(store, enterprise, aid, question=question)
    revision = lifecycle.reopen(store, enterprise, aid)
    carried = evidence.list_for(store, enterprise, revision)
    assert [(e["sha256"], e["name"], e["question_id"]) for e in carried] == [(entry["sha256"], entry["name"], question)]
    assert len(files.kept(evidence.root(store))) == 1


def test_a_bureau_record_takes_no_evidence(store, enterprise, admin):
    aid = add_bureau_record(store, admin, 1, source="import")
    assert not evidence.evidence_open(store, aid)
    question = lifecycle.questionnaire_of(lifecycle.get(store, enterprise, aid)).questions[0].id
    with pytest.raises(EvidenceError, match="evidence is closed"):
        attach(store, enterprise, aid, question=question)
    assert rows(store) == 0 and on_disk(store) == []


def test_a_closed_round_takes_no_evidence(store, enterprise, draft):
    rounds.set_open(store, CLI, "2025", False)
    with pytest.raises(rounds.RoundError):
        attach(store, enterprise, draft)
    assert rows(store) == 0 and on_disk(store) == []


# ------------------------------------------------------------------------------ integrity, gc


def test_a_damaged_file_is_not_handed_out(store, enterprise, draft):
    entry = attach(store, enterprise, draft)
    path = files.blob_path(evidence.root(store), entry["sha256"])
    path.write_bytes(b"%PDF-1.4 something else")
    with pytest.raises(EvidenceError, match="missing or damaged"):
        evidence.read(store, enterprise, entry["id"])
    path.unlink()
    with pytest.raises(EvidenceError, match="missing or damaged"):
        evidence.read(store, enterprise, entry["id"])


def test_collect_removes_files_nothing_refers_to(store, enterprise, draft):
    entry = attach(store, enterprise, draft)
    folder = evidence.root(store)
    stray = files.sha256_of(b"left behind")
    files.keep(folder, stray, files.write_temporary(folder, b"left behind"))
    fresh = files.write_temporary(folder, b"an upload under way")
    stale = files.write_temporary(folder, b"an upload that crashed")
    os.utime(stale, (0, 0))
    assert evidence.collect(store) == [stray]
    assert set(files.kept(folder)) == {entry["sha256"]}
    assert fresh.exists() and not stale.exists()


# ---------------------------------------------------------------------------------- ClamAV


def fake_scanner(tmp_path, monkeypatch):
    """A ``clamdscan`` on PATH that calls a file infected when it holds the EICAR marker."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "clamdscan"
    script.write_text(
        "#!/bin/sh\n"
        "for last; do :; done\n"
        'echo "$@" >> "$(dirname "$0")/calls"\n'
        'if grep -q EICAR-STANDARD "$last"; then echo "$last: Eicar-Signature FOUND"; exit 1; fi\n'
        'echo "$last: OK"; exit 0\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return bin_dir / "calls"


EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def test_no_scan_by_default(store, enterprise, draft, tmp_path, monkeypatch):
    calls = fake_scanner(tmp_path, monkeypatch)
    monkeypatch.delenv(files.CLAMAV_SETTING, raising=False)
    attach(store, enterprise, draft, EICAR, name="eicar.txt")
    assert rows(store) == 1 and not calls.exists()


def test_with_the_setting_every_file_is_scanned_before_it_is_kept(store, enterprise, draft, tmp_path, monkeypatch):
    calls = fake_scanner(tmp_path, monkeypatch)
    monkeypatch.setenv(files.CLAMAV_SETTING, "1")
    attach(store, enterprise, draft)
    assert "--fdpass" in calls.read_text()
    with pytest.raises(EvidenceError) as refused:
        attach(store, enterprise, draft, EICAR, name="eicar.txt")
    assert "eicar.txt" in refused.value.en and "Eicar-Signature FOUND" in refused.value.en
    assert rows(store) == 1 and len(on_disk(store)) == 1  # only the clean file


def test_with_the_setting_and_no_scanner_nothing_is_kept(store, enterprise, draft, monkeypatch):
    monkeypatch.setenv(files.CLAMAV_SETTING, "1")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(EvidenceError, match="clamdscan is not installed"):
        attach(store, enterprise, draft)
    assert rows(store) == 0 and on_disk(store) == []


def test_other_enterprises_files_have_their_own_codes(store, enterprise, draft):
    # a second enterprise's identical file is the same stored file, but never its attachment
    other = make_enterprise(store, 2)
    theirs = lifecycle.start_or_resume(store, other, code(2), DCMM, "2025")
    mine = attach(store, enterprise, draft)
    attach(store, other, theirs)
    assert len(files.kept(evidence.root(store))) == 1
    assert [e["id"] for e in evidence.list_for(store, enterprise, draft)] == [mine["id"]]
    evidence.remove(store, enterprise, mine["id"])
    assert len(files.kept(evidence.root(store))) == 1  # still theirs


@given(st.binary(max_size=4000), st.sampled_from([b"", b"PK\x03\x04", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]))
def test_any_bytes_are_a_kind_or_a_clear_refusal(data, prefix):
    try:
        kind = files.file_kind("x.bin", prefix + data)
    except EvidenceError as refused:
        assert "x.bin" in refused.en
    else:
        assert kind in files.KINDS


@given(st.integers(min_value=0, max_value=2**32 - 1), st.binary(min_size=1, max_size=64))
def test_a_damaged_office_package_is_refused_not_a_crash(offset, junk):
    data = bytearray(samples.docx())
    at = offset % len(data)
    data[at : at + len(junk)] = junk
    try:
        kind = files.file_kind("x.docx", bytes(data))
    except EvidenceError:
        return
    assert kind in files.KINDS


def test_a_failure_after_the_file_is_placed_keeps_nothing_new(store, enterprise, draft, monkeypatch):
    first = attach(store, enterprise, draft)  # the same file, kept for another question

    def broken(*args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr(evidence, "record", broken)
    with pytest.raises(OSError):
        attach(store, enterprise, draft, samples.png(), name="new.png")
    with pytest.raises(OSError):
        attach(store, enterprise, draft, question=OTHER_ITEM)
    assert rows(store) == 1
    assert list(files.kept(evidence.root(store))) == [first["sha256"]]  # the old file stays, no new one
    assert list((evidence.root(store) / "tmp").iterdir()) == []


def test_uploads_removals_and_collections_at_once_never_lose_a_referenced_file(store, enterprise, draft):
    import threading

    errors = []

    def churn(question):
        try:
            for _ in range(15):
                entry = attach(store, enterprise, draft, question=question)  # the same content
                evidence.remove(store, enterprise, entry["id"])  # collects after each removal
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def keep_one():
        try:
            for n in range(15):
                attach(store, enterprise, draft, question="governance.organization", name=f"{n}.pdf")
                evidence.collect(store)
                [entry] = evidence.list_for(store, enterprise, draft, "governance.organization")
                evidence.read(store, enterprise, entry["id"])  # its file is there, intact
                evidence.remove(store, enterprise, entry["id"])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=churn, args=(q,)) for q in (ITEM, OTHER_ITEM)]
    threads.append(threading.Thread(target=keep_one))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert rows(store) == 0 and files.kept(evidence.root(store)) == {}


def test_a_refused_file_is_audited_with_its_reason(store, enterprise, draft):
    with pytest.raises(EvidenceError):
        attach(store, enterprise, draft, samples.executable(), name="report.pdf")
    [(actor, outcome, aid)] = audit(store, "evidence.add")
    assert (actor, outcome, aid) == (enterprise.username, "failed", str(draft))
    detail = store.db.execute("SELECT detail FROM audit WHERE action = 'evidence.add'").fetchone()[0]
    assert "ELF executable" in detail and "report.pdf" in detail
