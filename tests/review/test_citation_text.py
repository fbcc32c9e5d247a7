"""Sentences of the indicator screen's citation and checklist blocks (review/citation_text.py)."""

from __future__ import annotations

from review.citation_text import citation_reason, criterion_kinds, found_text, weakness_note
from rules.loader import load_rule_pack


def test_criterion_kinds_name_every_criterion_of_an_indicator() -> None:
    pack = load_rule_pack("spbe-2020")
    kinds = criterion_kinds(pack, "3")
    assert kinds[pack.topic_rule_id("3")] == "topic"
    assert set(kinds.values()) <= {"topic", "elements", "document_class", "terms"}
    assert "elements" in kinds.values() and "document_class" in kinds.values()


def test_found_lines_read_as_words_not_keyword_dumps() -> None:
    forms = (") data dan informasi", "f. data dan informasi", "Pengelolaan Data", "pengelolaan data")
    expected = "istilah \u201cdata dan informasi\u201d, \u201cPengelolaan Data\u201d"
    assert found_text("terms", forms) == expected
    assert found_text("elements", ("Data induk", "Basis data")) == "unsur Data induk, Basis data"
    documents = ("perbup.pdf (kebijakan yang ditetapkan)",)
    assert found_text("document_class", documents).startswith("dokumen perbup.pdf")
    assert found_text("terms", ()) == ""


def test_citation_reason_names_level_criterion_and_words() -> None:
    description = "Kebijakan menguraikan proses Manajemen Data."
    reason = citation_reason("elements", 3, description, "data induk … basis data")
    assert reason == ("Dikutip untuk tingkat 3: Kebijakan menguraikan proses Manajemen Data \u2014 memuat "
                      "unsur \u201cdata induk\u201d, \u201cbasis data\u201d.")
    assert citation_reason("topic", 1, "", "pusat data").startswith("Dikutip karena dokumen membahas")
    enacted = citation_reason("document_class", 2, "Kebijakan sudah ditetapkan", "PERATURAN")
    assert "dasar tingkat 2" in enacted


def test_weak_citations_say_why() -> None:
    toc = "DAFTAR ISI\n1. Pendahuluan ........ 1\n2. Pusat Data ........ 4\n"
    at = toc.index("Pusat Data")
    assert weakness_note(toc, at, at + 10, None) == "hanya ditemukan di daftar isi"
    body = "Pasal 4\nPusat data dikelola Dinas."
    assert weakness_note(body, 8, 18, "Pasal 4") is None
