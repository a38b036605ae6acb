"""The "附件 / Evidence" expander of one DCMM item, SME question, or CMMM sub-domain or requirement:
what the bank says shows it (the evidence hint), the files attached, each with a download (read,
checked and audited by the core only when clicked) and, for the enterprise while evidence is
open, remove; and an uploader with a short description."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from assessment import evidence
from assessment import evidence_files as files
from assessment.errors import AssessmentError
from assessment.verified_items import item_label
from questionnaires.schema import CmmmQuestionnaire
from ui.i18n import tr
from ui.markup import plain

UPLOAD_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "txt"]
NOTICE = "evidence_notice"  # (question id, kind, message) of the last attach or remove, shown once
# the question last attached to or removed from: its expander stays open (an expander whose
# ``expanded`` changes from one run to the next is drawn anew, closed)
LAST = "evidence_last"


def by_question(entries: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        grouped[e["question_id"]].append(e)
    return grouped


def size_text(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _downloader(store, who, evidence_id: int):
    def data() -> bytes:
        # called on click, on its own thread: the download is checked and audited then
        return evidence.read(store, who, evidence_id)[1]

    return data


def _attach(store, who, aid: int, qid: str, lang: str) -> None:
    upload = st.session_state.get(f"ev_file_{aid}_{qid}_{st.session_state.get(f'ev_round_{aid}_{qid}', 0)}")
    description = st.session_state.get(f"ev_desc_{aid}_{qid}", "")
    if upload is None:
        st.session_state[NOTICE] = (qid, "error", tr(lang, "请先选择文件", "Choose a file first"))
        st.session_state[LAST] = qid
        return
    st.session_state[LAST] = qid
    try:
        evidence.add(store, who, aid, qid, upload.name, upload.getvalue(), description)
    except AssessmentError as exc:
        st.session_state[NOTICE] = (qid, "error", exc.message(lang))
        return
    name = plain(files.display_name(upload.name))
    st.session_state[f"ev_round_{aid}_{qid}"] = st.session_state.get(f"ev_round_{aid}_{qid}", 0) + 1
    st.session_state[f"ev_desc_{aid}_{qid}"] = ""
    st.session_state[NOTICE] = (qid, "ok", tr(lang, f"已附加：{name}", f"Attached: {name}"))


def _remove(store, who, evidence_id: int, qid: str, name: str, lang: str) -> None:
    st.session_state[LAST] = qid
    try:
        evidence.remove(store, who, evidence_id)
    except AssessmentError as exc:
        st.session_state[NOTICE] = (qid, "error", exc.message(lang))
    else:
        st.session_state[NOTICE] = (qid, "ok", tr(lang, f"已移除：{plain(name)}", f"Removed: {plain(name)}"))


def hint_text(q, qid: str, lang: str) -> str | None:
    """The evidence hint of a target (``evidence.evidence_hint``) as markdown, or None: one line
    for a requirement, a short list by level for a sub-domain or an item."""
    hints = evidence.evidence_hint(q, qid) if q is not None else []
    if not hints:
        return None
    head = tr(lang, "可作为佐证的材料：", "Evidence that shows it: ")
    if len(hints) == 1:
        return head + plain(hints[0][1].get(lang))
    lines = [tr(lang, f"- {lv} 级：", f"- level {lv}: ") + plain(text.get(lang)) for lv, text in hints]
    return head + "\n" + "\n".join(lines)


def show(store, who, aid: int, qid: str, entries: list[dict], lang: str, *, editable: bool, q=None) -> None:
    """The expander for question ``qid`` of assessment ``aid`` with its ``entries``; given the
    questionnaire ``q``, the evidence hint of ``qid`` opens it."""
    notice = st.session_state.get(NOTICE)
    n = len(entries)
    label = tr(lang, f"附件（{n}）", f"Evidence ({n})") if n else tr(lang, "附件", "Evidence")
    with st.expander(label, icon=":material/attach_file:", expanded=st.session_state.get(LAST) == qid):
        if hint := hint_text(q, qid, lang):
            st.caption(hint)
        if notice and notice[0] == qid:
            st.session_state.pop(NOTICE)
            if notice[1] == "ok":
                st.success(notice[2])
            else:  # the message names the file: literal text, whatever the name holds
                st.error(plain(notice[2]), icon=":material/error:")
        for e in entries:
            c1, c2, c3 = st.columns([6, 2, 2], vertical_alignment="center")
            c1.markdown(f"**{plain(e['name'])}** · {files.KINDS[e['kind']].label} · {size_text(e['bytes'])}")
            c1.caption(plain(e["description"]))
            c2.download_button(
                tr(lang, "下载", "Download"),
                data=_downloader(store, who, e["id"]),
                file_name=e["name"],
                mime=e["mime"],
                key=f"ev_dl_{e['id']}",
                on_click="ignore",
                icon=":material/download:",
            )
            if editable:
                c3.button(
                    tr(lang, "移除", "Remove"),
                    key=f"ev_rm_{e['id']}",
                    on_click=_remove,
                    args=(store, who, e["id"], qid, e["name"], lang),
                    icon=":material/delete:",
                )
        if not entries:
            st.caption(tr(lang, "尚无附件", "No files attached"))
        if not editable:
            return
        st.file_uploader(
            tr(lang, "选择文件", "Choose a file"),
            type=UPLOAD_TYPES,
            max_upload_size=files.MAX_FILE_BYTES // (1024 * 1024),
            key=f"ev_file_{aid}_{qid}_{st.session_state.get(f'ev_round_{aid}_{qid}', 0)}",
            help=tr(
                lang,
                f"可上传 {files.ACCEPTED}；单个文件不超过 {files.megabytes(files.MAX_FILE_BYTES)}",
                f"Accepted: {files.ACCEPTED}; at most {files.megabytes(files.MAX_FILE_BYTES)} per file",
            ),
        )
        st.text_input(
            tr(lang, "简短说明（这份材料证明什么）", "Short description (what it shows)"),
            max_chars=files.MAX_DESCRIPTION_CHARS,
            key=f"ev_desc_{aid}_{qid}",
        )
        st.button(
            tr(lang, "附加文件", "Attach the file"),
            key=f"ev_add_{aid}_{qid}",
            on_click=_attach,
            args=(store, who, aid, qid, lang),
            icon=":material/upload_file:",
        )


def target_labels(q, lang: str) -> dict[str, str]:
    """What evidence can be attached to in ``q``, labelled: DCMM items, SME questions and
    scenarios; CMMM sub-domains, each followed by its requirements (level and opening words)."""
    if q.kind == "dcmm":
        return {item.id: f"{item.clause} {item.name.get(lang)}" for item in q.items}
    if isinstance(q, CmmmQuestionnaire):
        labels = {}
        for sub in q.subdomains:
            name = item_label(q, sub.id)[lang]
            labels[sub.id] = name + tr(lang, "（整个子域）", " (whole sub-domain)")
            for r in sub.requirements:
                text = r.text.get(lang)
                short = text if len(text) <= 40 else text[:39] + "…"
                labels[r.id] = f"{name} · " + tr(lang, f"{r.level} 级", f"L{r.level}") + f" · {short}"
        return labels
    labels = {x.id: x.name.get(lang) for x in q.questions}
    labels |= {s.id: s.name.get(lang) for s in q.scenarios}
    return labels


def show_all(store, who, row: dict, q, lang: str) -> None:
    """Every attachment of a submitted assessment, and (while evidence is open) adding more."""
    aid = row["id"]
    grouped = by_question(evidence.list_for(store, who, aid))
    labels = target_labels(q, lang)
    editable = evidence.may_attach(store, who, row)
    st.markdown(tr(lang, "#### 佐证材料", "#### Evidence"))
    if editable:
        st.caption(
            tr(
                lang,
                "提交后、核查开始前，以及核查人员要求补充材料而尚未答复时，可为各题补充或移除佐证材料。",
                "After submitting you can add or remove evidence for each question until verification starts, "
                "and again while an assessor's request for more evidence is unanswered.",
            )
        )
        chosen = st.selectbox(
            tr(lang, "题目", "Question"), list(labels), format_func=labels.get, key=f"ev_target_{aid}"
        )
        show(store, who, aid, chosen, grouped.get(chosen, []), lang, editable=True, q=q)
    elif not grouped:
        st.caption(tr(lang, "尚无佐证材料", "No evidence attached"))
    for qid, entries in grouped.items():
        if editable and qid == chosen:
            continue
        st.markdown(f"**{labels.get(qid, qid)}**")
        show(store, who, aid, qid, entries, lang, editable=editable, q=q)
