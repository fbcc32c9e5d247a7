"""Index arithmetic and predicates (PermenPANRB 59/2020 Lampiran I C.4-C.5; Pemdi 8/2026)."""

from __future__ import annotations

import pytest

from rules.schema import RulePack
from rules.scoring import IndexResult, compute_index, predicate_for


def _all(pack: RulePack, level: int) -> dict[str, int]:
    return {i.id: level for i in pack.indicators()}


def _aspect(result: IndexResult, aspect_id: str) -> float:
    return next(a.index for d in result.domains for a in d.aspects if a.id == aspect_id)


def test_scoring_all_five_is_memuaskan(spbe_pack: RulePack) -> None:
    result = compute_index(_all(spbe_pack, 5), spbe_pack)
    assert result.total == 5.0 and result.predicate == "Memuaskan"
    assert result.complete and result.imputed == []
    assert IndexResult.model_validate_json(result.model_dump_json()) == result


def test_scoring_all_one_is_kurang(spbe_pack: RulePack) -> None:
    result = compute_index(_all(spbe_pack, 1), spbe_pack)
    assert (result.total, result.predicate) == (1.0, "Kurang")


def test_scoring_official_worked_examples(spbe_pack: RulePack) -> None:
    """Tabel 10-11 of the Lampiran: Aspek 2 = 3,00 and Domain 2 = 3,40."""
    levels = _all(spbe_pack, 1) | {"11": 3, "12": 4, "13": 3, "14": 2}
    levels |= {i: 4 for i in ("15", "16", "17", "18")} | {"19": 3, "20": 3}
    result = compute_index(levels, spbe_pack)
    assert _aspect(result, "A2") == 3.0
    assert next(d.index for d in result.domains if d.id == "D2") == 3.4


def test_scoring_missing_and_zero_levels_count_as_one(spbe_pack: RulePack) -> None:
    result = compute_index({"1": 0, "2": 3}, spbe_pack)
    assert not result.complete
    assert "1" in result.imputed and "2" not in result.imputed and "47" in result.imputed
    assert result.total == round((100 - 1.3) / 100 + 1.3 * 3 / 100, 2)
    row = next(i for d in result.domains for a in d.aspects for i in a.indicators if i.id == "1")
    assert (row.level, row.value, row.imputed) == (0, 1, True)


@pytest.mark.parametrize(
    ("index", "predicate"),
    [
        (5.0, "Memuaskan"),
        (4.2, "Memuaskan"),
        (4.19, "Sangat Baik"),
        (3.5, "Sangat Baik"),
        (3.49, "Baik"),
        (2.6, "Baik"),
        (2.59, "Cukup"),
        (1.8, "Cukup"),
        (1.79, "Kurang"),
        (1.0, "Kurang"),
    ],
)
def test_scoring_spbe_predicate_cut_offs(spbe_pack: RulePack, index: float, predicate: str) -> None:
    assert predicate_for(index, spbe_pack) == predicate


def test_scoring_boundary_4_2_reached_by_levels(spbe_pack: RulePack) -> None:
    # A2 and A3 (20 % of the index) one level higher than the rest: 4 + 0.20 = 4.20
    levels = _all(spbe_pack, 4) | {str(i): 5 for i in range(11, 19)}
    assert (compute_index(levels, spbe_pack).total, compute_index(levels, spbe_pack).predicate) == (
        4.2,
        "Memuaskan",
    )
    levels["18"] = 4  # 4.175 -> 4.18
    result = compute_index(levels, spbe_pack)
    assert (result.total, result.predicate) == (4.18, "Sangat Baik")


@pytest.mark.parametrize(
    ("level", "predicate"), [(5, "Memuaskan"), (4, "Memuaskan"), (3, "Baik"), (2, "Cukup")]
)
def test_scoring_pemdi_predicates(pemdi_pack: RulePack, level: int, predicate: str) -> None:
    result = compute_index(_all(pemdi_pack, level), pemdi_pack)
    assert (result.total, result.predicate) == (float(level), predicate)


@pytest.mark.parametrize(("index", "predicate"), [(3.99, "Sangat Baik"), (1.5, "Cukup"), (1.49, "Kurang")])
def test_scoring_pemdi_cut_offs(pemdi_pack: RulePack, index: float, predicate: str) -> None:
    assert predicate_for(index, pemdi_pack) == predicate


@pytest.mark.parametrize("levels", [{"99": 3}, {"1": 6}, {"1": -1}])
def test_scoring_rejects_bad_input(spbe_pack: RulePack, levels: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        compute_index(levels, spbe_pack)
