"""Which scanned pages get their signature block read again (``pages_to_reread``)."""

from __future__ import annotations

from core.models import PageText, TextMethod
from extractors.ocr.signature_scan import MAX_PAGES, pages_to_reread

BODY = "Pasal 1\nDalam keputusan ini yang dimaksud dengan sistem pemerintahan berbasis elektronik."


def _pages(count: int, method: TextMethod = TextMethod.ocr) -> list[PageText]:
    return [PageText(number=n, text=BODY, method=method) for n in range(1, count + 1)]


def test_signer_read_on_a_scanned_page_rereads_that_page_only() -> None:
    assert pages_to_reread(_pages(8), signed_page=7) == [7]


def test_no_signer_rereads_the_last_scanned_pages() -> None:
    assert pages_to_reread(_pages(8)) == [8, 7][:MAX_PAGES]


def test_signer_on_a_text_layer_page_is_not_a_scanned_signer() -> None:
    pages = [*_pages(3), PageText(number=4, text=BODY, method=TextMethod.text_layer)]
    assert pages_to_reread(pages, signed_page=4) == [3, 2][:MAX_PAGES]


def test_no_scanned_text_no_reread() -> None:
    assert pages_to_reread(_pages(3, TextMethod.text_layer), signed_page=2) == []
