"""Index arithmetic of a framework (PermenPANRB 59/2020 Lampiran I, C.4-C.5; Pemdi 8/2026).

    Indeks Aspek  = sum(bobot_indikator * nilai) / bobot_aspek
    Indeks Domain = sum(bobot_aspek * indeks_aspek) / bobot_domain
    Indeks        = sum(bobot_domain * indeks_domain) / 100   (= sum(w_i * nilai_i) / 100)

Indicator values run 1..5: level 1 of 59/2020 explicitly covers "belum ada / masih konsep",
so an indicator with level 0 (no evidence found) or no level at all is counted as the
pack's ``index.min_value`` (1 for both shipped packs) and listed in ``imputed`` - the index
of an incomplete assessment is a lower bound, and ``complete`` says so. Values are kept
unrounded internally; indices are reported rounded half up to ``index.decimals`` (2, as in
the published reports: 3,295 -> 3,30) and the predicate is read from the rounded index.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

from rules.schema import Aspect, Domain, RulePack


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndicatorScore(_Model):
    id: str
    weight: float
    level: int | None  # as given (None = not given)
    value: int  # value used in the index
    imputed: bool


class AspectScore(_Model):
    id: str
    name: str
    weight: float
    index: float
    indicators: list[IndicatorScore]


class DomainScore(_Model):
    id: str
    name: str
    weight: float
    index: float
    aspects: list[AspectScore]


class IndexResult(_Model):
    framework: str
    pack_version: str
    total: float  # the Indeks SPBE / Indeks Pemdi
    predicate: str
    domains: list[DomainScore]
    imputed: list[str] = Field(default_factory=list)  # indicators counted as min_value
    complete: bool


def compute_index(levels: Mapping[str, int], pack: RulePack) -> IndexResult:
    """Aspect, domain and total index plus predicate for indicator levels (keys = indicator ids)."""
    known = {i.id for i in pack.indicators()}
    unknown = sorted(set(levels) - known)
    if unknown:
        raise ValueError(f"unknown indicator id(s) for pack {pack.name}: {', '.join(unknown)}")
    bad = {k: v for k, v in levels.items() if not 0 <= int(v) <= 5}
    if bad:
        raise ValueError(f"levels must be 0..5, got {bad}")
    domains = [_domain(d, levels, pack) for d in pack.domains]
    total = sum(
        d.weight * _raw_domain(d_spec, levels, pack) for d, d_spec in zip(domains, pack.domains, strict=True)
    )
    total /= 100.0
    rounded = _round(total, pack.index.decimals)
    imputed = [s.id for d in domains for a in d.aspects for s in a.indicators if s.imputed]
    return IndexResult(
        framework=pack.name,
        pack_version=pack.version,
        total=rounded,
        predicate=predicate_for(rounded, pack),
        domains=domains,
        imputed=imputed,
        complete=not imputed,
    )


def predicate_for(index: float, pack: RulePack) -> str:
    """The predicate whose [min, max) range holds ``index`` (the top range is closed)."""
    ordered = sorted(pack.predicates, key=lambda p: p.min)
    for predicate in reversed(ordered):
        if index >= predicate.min:
            return predicate.name
    return ordered[0].name


def _round(value: float, decimals: int) -> float:
    """Half-up rounding; the 9-decimal pre-rounding removes binary noise (4.175 is 4.17499...)."""
    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _value(level: int | None, pack: RulePack) -> tuple[int, bool]:
    if level is None or level < pack.index.min_value:
        return pack.index.min_value, True
    return int(level), False


def _raw_aspect(aspect: Aspect, levels: Mapping[str, int], pack: RulePack) -> float:
    return sum(i.weight * _value(levels.get(i.id), pack)[0] for i in aspect.indicators) / aspect.weight


def _raw_domain(domain: Domain, levels: Mapping[str, int], pack: RulePack) -> float:
    return sum(a.weight * _raw_aspect(a, levels, pack) for a in domain.aspects) / domain.weight


def _domain(domain: Domain, levels: Mapping[str, int], pack: RulePack) -> DomainScore:
    decimals = pack.index.decimals
    aspects = [
        AspectScore(
            id=a.id,
            name=a.name,
            weight=a.weight,
            index=_round(_raw_aspect(a, levels, pack), decimals),
            indicators=[_indicator(i.id, i.weight, levels.get(i.id), pack) for i in a.indicators],
        )
        for a in domain.aspects
    ]
    raw = _raw_domain(domain, levels, pack)
    return DomainScore(
        id=domain.id, name=domain.name, weight=domain.weight, index=_round(raw, decimals), aspects=aspects
    )


def _indicator(indicator_id: str, weight: float, level: int | None, pack: RulePack) -> IndicatorScore:
    value, imputed = _value(level, pack)
    return IndicatorScore(id=indicator_id, weight=weight, level=level, value=value, imputed=imputed)
