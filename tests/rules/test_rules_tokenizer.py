"""The matcher's tokenizer: ``BuktiIndonesian`` must tokenize exactly like the pipeline it replaced.

The reference is what ``rules.matcher.get_nlp`` built before: ``spacy.blank("id")`` with
``tokenizer.suffix_search`` reassigned to the default suffixes plus ``/+``. Match keys and
spans are token based, so any difference would change hits.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from rules.matcher import get_nlp
from rules.tokenizer import EXTRA_SUFFIXES

SAMPLE = (
    "Tim koordinasi memverifikasi/ mengesahkan dokumen e-Government; abu-abu, Pasal 3 ayat (2) "
    "dan/atau Nomor 59/2020. SPBE: 2,98 (Baik). http://contoh.go.id/a/b// 'kutip' [1] 12.30 WIB."
)


@pytest.fixture(scope="module")
def reference() -> spacy.language.Language:
    nlp = spacy.blank("id")
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(
        [*(nlp.Defaults.suffixes or ()), *EXTRA_SUFFIXES]
    ).search
    return nlp


def _tokens(nlp: spacy.language.Language, text: str) -> list[tuple[str, int, bool]]:
    return [(t.text, t.idx, bool(t.whitespace_)) for t in nlp.make_doc(text)]


def test_tokenizer_splits_trailing_slash() -> None:
    words = [t.text for t in get_nlp().make_doc("memverifikasi/ mengesahkan")]
    assert words == ["memverifikasi", "/", "mengesahkan"]
    assert get_nlp().lang == "id"


def test_tokenizer_same_tokens_as_reassigned_suffixes(reference) -> None:
    assert _tokens(get_nlp(), SAMPLE) == _tokens(reference, SAMPLE)


@pytest.mark.corpus
@pytest.mark.slow
def test_tokenizer_same_tokens_on_corpus_text(reference, corpus_dir: Path) -> None:
    import pypdfium2 as pdfium

    pdfs = sorted(corpus_dir.rglob("*.pdf"))[:12]
    compared = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        try:
            text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(min(len(pdf), 15)))
        finally:
            pdf.close()
        assert _tokens(get_nlp(), text) == _tokens(reference, text), path.name
        compared += len(text)
    assert compared > 100_000  # the comparison really read corpus text
