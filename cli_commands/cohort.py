"""Cohort figures: benchmark, progress between rounds, improvement plans, archetypes and the
benchmark snapshot enterprises are shown."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import typer

from assessment.access import CLI
from cli_commands.common import (
    DB_OPTION,
    JSON_FIRST_OPTION,
    JSON_OPTION,
    QUESTIONNAIRE_OPTION,
    echo_rows,
    emit,
    fail,
    open_store,
    with_cohort_filter,
)

if TYPE_CHECKING:
    from assessment.cohort import CohortFilter

clusters_app = typer.Typer(no_args_is_help=True, help="Archetypes: cluster enterprises by profile.")


@with_cohort_filter()
def benchmark_command(
    flt: CohortFilter | None = None,  # the filter's options: with_cohort_filter
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Cohort statistics: count, levels, mean and percentiles of the overall score and each area.
    A cohort of fewer than 5 enterprises is suppressed."""
    from benchmarks import cohorts

    store = open_store(db)
    stats = cohorts.benchmark(store, flt)
    if as_json:
        emit(stats)
        return
    echo_rows(benchmark_rows(stats))


@with_cohort_filter(round_help="The later round (default: the latest).")
def progress_command(
    flt: CohortFilter | None = None,  # the filter's options: with_cohort_filter
    since: str | None = typer.Option(None, "--since", help="The earlier round (default: the one before)."),
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Round-to-round change of the enterprises assessed in both rounds, as the Progress page and
    the cohort PDF show it (an earlier edition mapped onto this one counts). Fewer than 5 pairs,
    and parks that are small or would give one away, are suppressed."""
    from benchmarks import progress

    store = open_store(db)
    data = progress.as_json(progress.progress_view(store, replace(flt, round=None), since, flt.round))
    if as_json:
        emit(data)
        return
    if data["first"] is None:
        typer.echo("fewer than two rounds: nothing to compare")
        return
    s = data["summary"]
    typer.echo(f"{data['first']} -> {data['second']}\tpairs {s['count']}")
    if s.get("suppressed"):
        typer.echo("fewer than 5 pairs: suppressed")
        return
    typer.echo(f"mean\t{s['mean_before']:.2f} -> {s['mean_after']:.2f}\t{s['mean_change']:+.2f}")
    typer.echo(f"improved / declined\t{s['improved']} / {s['declined']}")
    typer.echo(f"level up / down\t{s['level_up']} / {s['level_down']}")
    for row in data["by_park"]:
        typer.echo(f"{row['park']}\t{row['count']}\t{row['mean_change']:+.2f}")


@clusters_app.command("fit")
def clusters_fit(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    k: int | None = typer.Option(None, "--k", help="Number of archetypes (default: the most stable k, 3-8)."),
    seed: int = typer.Option(0, "--seed", help="random_state of the clustering."),
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Fit the archetypes of a questionnaire, store the model and label its assessments."""
    from benchmarks import archetypes, cohorts

    store = open_store(db)
    model = cohorts.fit(store, CLI, questionnaire, k=k, random_state=seed)
    shown = archetypes.public_model(model)
    if as_json:
        emit({**shown, "assignments": cohorts.assignments(store, questionnaire)})
        return
    echo_rows(archetype_rows(shown))


@clusters_app.command("show")
def clusters_show(
    questionnaire: str = QUESTIONNAIRE_OPTION,
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Print the stored archetype model of a questionnaire."""
    from benchmarks import archetypes, cohorts

    model = cohorts.active_model(open_store(db), questionnaire)
    if model is None:
        fail(
            f"{questionnaire} 尚未聚类，请先运行 clusters fit / no archetypes fitted for {questionnaire} yet: "
            "run `clusters fit` first"
        )
    if as_json:
        emit(archetypes.public_model(model))
        return
    echo_rows(archetype_rows(archetypes.public_model(model)))


def plan_command(
    assessment_id: int = typer.Argument(..., metavar="ASSESSMENT_ID"),
    as_json: bool = JSON_FIRST_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The improvement plan of an assessment: ranked actions, roadmap and what-if."""
    from benchmarks import cohorts

    view = cohorts.peer_view(open_store(db), CLI, assessment_id)
    if as_json:
        emit(view["plan"])
        return
    echo_rows(plan_rows(view["plan"]))


snapshot_app = typer.Typer(no_args_is_help=True, help="The benchmark snapshot: the peer figures enterprises are shown.")


@snapshot_app.command("refresh")
def snapshot_refresh(
    questionnaire: list[str] | None = typer.Option(None, "--questionnaire", "-q", help="Default: every one."),
    db: str | None = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Freeze the current confirmed cohorts as the peer figures enterprises see (nightly)."""
    from benchmarks import cohorts

    done = cohorts.refresh_snapshot(open_store(db), CLI, questionnaire or None)
    if as_json:
        emit(done)
        return
    for qid, taken in done.items():
        rounds = ", ".join(f"{r}: {n}" for r, n in taken["rounds"].items()) or "-"
        typer.echo(f"{qid}\t{taken['taken_at']}\t{rounds}")


@snapshot_app.command("show")
def snapshot_show(db: str | None = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List the snapshots kept: questionnaire, round, time, enterprises."""
    from benchmarks import cohorts

    rows = cohorts.snapshot_listing(open_store(db), CLI)
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['questionnaire']}\t{r['round']}\t{r['taken_at']}\t{r['enterprises']}")


def benchmark_rows(stats: dict) -> list[tuple]:
    """The cohort statistics as a table: count, enterprises per level, mean and percentiles."""
    if stats.get("suppressed"):
        return [("enterprises", stats["count"], "fewer than 5: suppressed")]
    keys = ("mean", "p10", "p25", "p50", "p75", "p90")
    rows: list[tuple] = [("enterprises", stats["count"])]
    rows += [(f"level {level}", n) for level, n in stats["levels"].items()]
    rows.append(("", *keys))
    parts = [("overall", stats["overall"]), *stats["areas"].items()]
    return rows + [(part, *(f"{s[k]:.2f}" for k in keys)) for part, s in parts]


def archetype_rows(model: dict) -> list[tuple]:
    """The archetypes as a table: k and the fit's figures, then id, size and name of each."""
    rows: list[tuple] = [("k", model["k"])]
    rows += [(key, f"{model[key]:.3f}") for key in ("stability", "silhouette")]
    return rows + [(a["id"], a["size"], a["name"]["zh"], a["name"]["en"]) for a in model["archetypes"]]


def plan_rows(plan: dict) -> list[tuple]:
    """The plan as a table: score and level, then the ranked actions with their gain."""
    rows: list[tuple] = [("score", f"{plan['score']:.2f}"), ("level", plan["level"])]
    actions = enumerate(plan["actions"], 1)
    return rows + [(n, a["id"], a["name"]["en"], f"{a['gain']:+.2f}", f"L{a['level_after']}") for n, a in actions]
