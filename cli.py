"""The command line: every batch job of the toolkit (DESIGN.md section 5). Thin: parse, call the
core, print; the commands live in ``cli_commands/``, one module per area, and are listed here in
the order ``--help`` shows them. Errors a user can cause print one line (Chinese / English) and
exit 1."""

from __future__ import annotations

import typer

from cli_commands import accounts, bureau, cohort, data, programmes, questionnaires, reports, verification
from cli_commands.common import Commands

app = typer.Typer(
    cls=Commands,
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="数字化转型评估工具箱 · Digital Transformation Assessment Toolkit",
)

COMMANDS = {
    "questionnaires": questionnaires.list_questionnaires,
    "score": questionnaires.score_file,
    "benchmark": cohort.benchmark_command,
    "progress": cohort.progress_command,
    "plan": cohort.plan_command,
    "demo": data.demo_command,
    "import": data.import_command,
    "import-template": data.import_template_command,
    "export": data.export_command,
    "backup": data.backup_command,
    "restore": data.restore_command,
}
GROUPS = {
    "questionnaire": questionnaires.questionnaire_app,
    "db": data.db_app,
    "user": accounts.user_app,
    "access-code": accounts.code_app,
    "round": bureau.round_app,
    "clusters": cohort.clusters_app,
    "flags": verification.flags_app,
    "verification": verification.verification_app,
    "evidence": data.evidence_app,
    "report": reports.report_app,
    "enterprise": bureau.enterprise_app,
    "snapshot": cohort.snapshot_app,
    "programme": programmes.programme_app,
}
for name, command in COMMANDS.items():
    app.command(name)(command)
for name, group in GROUPS.items():
    app.add_typer(group, name=name)


if __name__ == "__main__":
    app()
