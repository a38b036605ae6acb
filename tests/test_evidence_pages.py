"""AppTest: attaching evidence on the answer page (while answering and after submitting), a
refused file shown as one message, and the bureau's enterprise drill-down listing the files."""

from __future__ import annotations

import pytest

from assessment import evidence, lifecycle
from tests import evidence_samples as samples
from tests.support.pages import full_sme_answers as sme_answers
from tests.support.pages import texts
from tests.support.records import save_all

DCMM = "dcmm-2025"
ITEM = "strategy.planning"


@pytest.fixture
def draft(store, enterprise) -> int:
    return lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, DCMM, "2025")


def shown(at) -> str:
    """The page's texts with Markdown escapes removed (names are shown as literal text)."""
    return texts(at).replace("\\", "")


def open_answer_page(make, enterprise, aid, lang="zh"):
    at = make(enterprise, lang, assessment_id=aid)
    at.switch_page("ui/pages/answer.py").run()
    assert not at.exception
    return at


def test_attach_then_remove_on_the_answer_page(app, store, enterprise, draft):
    at = open_answer_page(app, enterprise, draft)
    at.file_uploader(key=f"ev_file_{draft}_{ITEM}_0").upload("规划.pdf", samples.pdf(), "application/pdf").run()
    at.text_input(key=f"ev_desc_{draft}_{ITEM}").input("数据战略规划（2025 版）").run()
    at.button(key=f"ev_add_{draft}_{ITEM}").click().run()
    assert not at.exception
    assert "已附加：规划.pdf" in shown(at)
    [entry] = evidence.list_for(store, enterprise, draft)
    assert (entry["question_id"], entry["name"], entry["kind"]) == (ITEM, "规划.pdf", "pdf")
    assert entry["description"] == "数据战略规划（2025 版）"
    # the list shows it with a download, and the uploader is fresh for the next file
    assert at.download_button(key=f"ev_dl_{entry['id']}")
    assert f"ev_file_{draft}_{ITEM}_1" in [w.key for w in at.file_uploader]
    assert not evidence.list_for(store, enterprise, draft, "strategy.implementation")
    at.button(key=f"ev_rm_{entry['id']}").click().run()
    assert not at.exception and "已移除：规划.pdf" in shown(at)
    assert evidence.list_for(store, enterprise, draft) == []
    assert evidence.collect(store) == []  # the file went with its last reference


def test_a_refused_file_is_one_message_naming_it(app, store, enterprise, draft):
    at = open_answer_page(app, enterprise, draft, lang="en")
    at.file_uploader(key=f"ev_file_{draft}_{ITEM}_0").upload("report.pdf", samples.executable()).run()
    at.text_input(key=f"ev_desc_{draft}_{ITEM}").input("annual report").run()
    at.button(key=f"ev_add_{draft}_{ITEM}").click().run()
    assert not at.exception
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert "file 'report.pdf' was not kept" in error and "ELF executable" in error
    assert evidence.list_for(store, enterprise, draft) == []


def test_after_submitting_evidence_can_still_be_added(app, store, enterprise):
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, "sme-2024", "2025")
    save_all(store, enterprise, aid, sme_answers())
    lifecycle.submit(store, enterprise, aid)
    q = lifecycle.questionnaire_of(lifecycle.get(store, enterprise, aid))
    target = q.scenarios[0].id
    at = open_answer_page(app, enterprise, aid)
    assert "佐证材料" in texts(at)
    at.selectbox(key=f"ev_target_{aid}").set_value(target).run()
    at.file_uploader(key=f"ev_file_{aid}_{target}_0").upload("截图.png", samples.png(), "image/png").run()
    at.text_input(key=f"ev_desc_{aid}_{target}").input("系统截图").run()
    at.button(key=f"ev_add_{aid}_{target}").click().run()
    assert not at.exception
    assert [e["question_id"] for e in evidence.list_for(store, enterprise, aid)] == [target]


def test_the_bureau_drill_down_lists_the_files_to_download(app, store, enterprise, analyst):
    aid = lifecycle.start_or_resume(store, enterprise, enterprise.credit_code, "sme-2024", "2025")
    save_all(store, enterprise, aid, sme_answers())
    lifecycle.submit(store, enterprise, aid)
    q = lifecycle.questionnaire_of(lifecycle.get(store, enterprise, aid))
    entry = evidence.add(store, enterprise, aid, q.questions[0].id, "制度.pdf", samples.pdf(), "数据管理制度")
    at = app(analyst)
    at.query_params["a"] = str(aid)
    at.switch_page("ui/pages/enterprises.py").run()
    assert not at.exception
    assert "佐证材料" in shown(at) and "**制度.pdf** · PDF" in shown(at) and "数据管理制度" in shown(at)
    assert at.download_button(key=f"ev_dl_{entry['id']}")
    assert not [w for w in at.file_uploader] and not [b for b in at.button if b.key.startswith("ev_rm_")]


def test_a_name_and_description_are_shown_as_literal_text(app, store, enterprise, draft):
    evidence.add(store, enterprise, draft, ITEM, "![x](y)[a](b).pdf", samples.pdf(), "**粗体** [链接](z)")
    at = open_answer_page(app, enterprise, draft)
    assert "**\\!\\[x\\]\\(y\\)\\[a\\]\\(b\\).pdf**" in texts(at)
    assert "\\*\\*粗体\\*\\* \\[链接\\]\\(z\\)" in texts(at)
