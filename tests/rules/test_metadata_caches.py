"""Metadata readings kept per process (a run asks them of every document two or three times)."""

from __future__ import annotations

from rules.doc_classes import in_title
from rules.regions import parse_governments


def test_parse_governments_hands_out_a_new_list_each_time() -> None:
    first = parse_governments("Pemerintah Kota Denpasar dan Kabupaten Badung")
    assert [g.label for g in first] == ["Kota Denpasar", "Kabupaten Badung"]
    first.clear()  # a caller changing its list does not change what the next caller reads
    assert [g.label for g in parse_governments("Pemerintah Kota Denpasar dan Kabupaten Badung")] == [
        "Kota Denpasar", "Kabupaten Badung"]
    assert parse_governments("") == [] and parse_governments(None) == []


def test_in_title_kept_answers_are_the_computed_ones() -> None:
    cases = [("kemen", "Keputusan Kemenko Perekonomian"), ("lembaga", "Penataan  Kelembagaan"),
             ("arsitektur spbe", "Peta Rencana dan ARSITEKTUR\nSPBE"), ("arsitektur", "subarsitektur")]
    for phrase, title in cases:
        assert in_title(phrase, title) == in_title.__wrapped__(phrase, title)  # kept, then computed
    assert [in_title(p, t) for p, t in cases] == [True, False, True, False]
