"""The demo cohort's model file (benchmarks/demo/model.yaml): loaded and checked once; a broken
file is refused saying where."""

import copy

import numpy as np
import pytest
import yaml

from assessment import credit_code as cc
from benchmarks.demo import identities
from benchmarks.demo.model import FILE, LATENT, MODEL, SIZES, load

RAW = yaml.safe_load(FILE.read_text(encoding="utf-8"))


def broken(tmp_path, change) -> str:
    data = copy.deepcopy(RAW)
    change(data)
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load(path)
    return str(info.value)


def test_the_shipped_model_loads_with_every_size_class_and_known_dimensions():
    assert tuple(MODEL.population.size_share) == SIZES
    assert abs(sum(MODEL.population.size_share.values()) - 1) < 1e-9
    dims = {d for effect in MODEL.industries.values() for d in effect.dims}
    assert dims <= set(LATENT)
    assert next(iter(MODEL.shapes)) == "balanced" and next(iter(MODEL.cmmm.shapes)) == "balanced"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.update(surprise=1), "surprise"),
        (lambda d: d["dcmm"].update(base="high"), "dcmm.base"),
        (lambda d: d["dcmm"]["area_latent"].update(strategy="luck"), "luck"),
        (lambda d: d["population"]["size_share"].update(micro=0.5), "add up to 1"),
        (lambda d: d["shape_share"]["现代金融"].update(machines_first=0.9), "more than 1"),
        (lambda d: d["cmmm"]["shape_share"]["啤酒饮料"].update(unknown_shape=0.1), "unknown shapes"),
        (lambda d: d["plan"].update(cmmm=1.5), "plan.cmmm"),
        (lambda d: d["sme"].update(scenario_cuts=[1.0, 0.0, 2.0, 3.0]), "rise"),
    ],
)
def test_a_broken_model_is_refused_saying_where(tmp_path, change, says):
    message = broken(tmp_path, change)
    assert message.startswith("model.yaml: ") and says in message


def test_invented_credit_codes_carry_both_check_characters():
    rng = np.random.default_rng(3)
    taken: set[str] = set()
    codes = [identities.credit_code(rng, taken) for _ in range(200)]
    assert len(set(codes)) == 200 and taken == set(codes)
    for code in codes:
        assert cc.is_valid(code) and code.startswith("91370213MA")
        assert code[16] == cc.organisation_check_character(code[8:16])
