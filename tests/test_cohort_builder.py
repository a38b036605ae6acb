"""The cohort builder the report tests share (tests.support.reports) writes what it promises."""

from tests.support.reports import build_cohort


def test_build_cohort_writes_submitted_assessments(store):
    from assessment.cohort import CohortFilter, cohort_frame

    build_cohort(store, 6, rounds=("2024", "2025"))
    frame = cohort_frame(store, CohortFilter("dcmm-2025"))
    assert len(frame) == 12
    assert set(frame["round"]) == {"2024", "2025"}
