"""Everything ``extract_document`` imports or builds on first use, done once ahead of time.

``extract_document`` imports each format's extractor and the identity reader when a document
needs them (``extractors.api``: the flow process imports that module for ``EXTRACTOR_VERSION``
only), and pydantic builds the generic metadata fields (``MetaField[...]``) the first time the
identity reader makes one. A worker forked from the pool's fork server
(``pipeline.worker_preload``) paid all of that at its first document of each kind: ~0.15 CPU-s
per worker on the text corpus. The fork server calls :func:`preload_extractors` instead, once
for all of them. pdfplumber stays out (``extractors.formats.pdf`` imports it only for tables).
"""

from __future__ import annotations

import importlib

from core.models import PageText, TextMethod
from extractors.formats.table import FORMATS

# A made-up cover and signature block: the identity reader's common paths (heading, number,
# title, enactment, region) run once while preloading. Its result is thrown away.
_WARM_UP_TEXT = """PERATURAN BUPATI CONTOH
NOMOR 1 TAHUN 2020
TENTANG
SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
DENGAN RAHMAT TUHAN YANG MAHA ESA
BUPATI CONTOH,
Menimbang : a. bahwa penyelenggaraan Sistem Pemerintahan Berbasis Elektronik (SPBE) perlu diatur;
Ditetapkan di Contoh
pada tanggal 2 Januari 2020
BUPATI CONTOH,
ttd.
NAMA BUPATI
"""


def preload_extractors() -> None:
    """Import every format's extractor and the identity reader, and read one made-up page."""
    for module in sorted({info.extractor for info in FORMATS.values() if info.extractor}):
        importlib.import_module(module)
    from extractors.identity.document import detect_identity

    detect_identity([PageText(number=1, text=_WARM_UP_TEXT, method=TextMethod.text_layer)])


__all__ = ["preload_extractors"]
