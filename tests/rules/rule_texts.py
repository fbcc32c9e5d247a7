"""Hand-built documents for rule tests: ``build_document`` and Indonesian regulation texts.

Each indicator has a FULL body (complete content plus the integration/alignment norm), a
PARTIAL body (enacted and on topic, content incomplete) and a MENTION phrase used in review
minutes. ``regulation`` wraps a body into a Perbup with Menimbang, Mengingat and Pasal 1
definitions; ``PASSING`` mentions every topic only in Menimbang, definitions and citations.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from core.models import (
    DocType,
    DocumentMetadata,
    ExtractedDocument,
    LegalStatus,
    MetaField,
    PageText,
    SourceFile,
    TextMethod,
)

HEADER = """BUPATI CONTOH
PROVINSI CONTOH
PERATURAN BUPATI CONTOH
NOMOR 5 TAHUN 2022
TENTANG
SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
DENGAN RAHMAT TUHAN YANG MAHA ESA
BUPATI CONTOH,
Menimbang : a. bahwa untuk melaksanakan Peraturan Presiden Nomor 95 Tahun 2018 perlu
mengatur penyelenggaraan sistem pemerintahan berbasis elektronik;
b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu
menetapkan Peraturan Bupati tentang Sistem Pemerintahan Berbasis Elektronik;
Mengingat : 1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan
Berbasis Elektronik;
MEMUTUSKAN:
Menetapkan : PERATURAN BUPATI TENTANG SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK.
BAB I
KETENTUAN UMUM
Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
2. Sistem Pemerintahan Berbasis Elektronik yang selanjutnya disingkat SPBE adalah
penyelenggaraan pemerintahan yang memanfaatkan teknologi informasi dan komunikasi.
"""

CLOSING = """BAB XX
KETENTUAN PENUTUP
Pasal 30
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
Ditetapkan di Contoh
pada tanggal 2 Mei 2022
BUPATI CONTOH,
TTD
"""

FULL: dict[str, str] = {
    "1": """BAB II
ARSITEKTUR SPBE
Pasal 2
(1) Arsitektur SPBE Pemerintah Daerah disusun dengan berpedoman pada Arsitektur SPBE
Nasional sebagai referensi arsitektur.
(2) Arsitektur SPBE memuat:
a. domain arsitektur proses bisnis;
b. domain arsitektur data dan informasi;
c. domain arsitektur infrastruktur SPBE;
d. domain arsitektur aplikasi SPBE;
e. domain arsitektur keamanan SPBE; dan
f. domain arsitektur layanan SPBE.
(3) Arsitektur SPBE ditetapkan oleh Bupati untuk jangka waktu 5 (lima) tahun.
""",
    "2": """BAB II
PETA RENCANA SPBE
Pasal 3
(1) Peta Rencana SPBE memuat:
a. tata kelola SPBE;
b. manajemen SPBE;
c. layanan SPBE;
d. infrastruktur SPBE;
e. aplikasi SPBE;
f. keamanan SPBE; dan
g. audit teknologi informasi dan komunikasi.
(2) Peta Rencana SPBE Pemerintah Daerah disusun selaras dengan Peta Rencana SPBE Nasional.
(3) Peta Rencana SPBE ditetapkan dengan Keputusan Bupati.
""",
    "3": """BAB II
MANAJEMEN DATA
Pasal 4
(1) Manajemen data dilakukan melalui serangkaian proses pengelolaan arsitektur data, data
induk, data referensi, basis data, kualitas data, dan interoperabilitas data.
(2) Manajemen data dilaksanakan oleh setiap perangkat daerah.
(3) Pengelolaan data dikoordinasikan oleh Diskominfo.
""",
    "4": """BAB II
PEMBANGUNAN APLIKASI SPBE
Pasal 5
(1) Pembangunan aplikasi SPBE dilakukan melalui siklus analisis kebutuhan, perencanaan,
perancangan, implementasi, pengujian kelaikan, pemeliharaan, dan evaluasi aplikasi.
(2) Setiap perangkat daerah wajib berkonsultasi dengan Diskominfo sebelum melakukan
pembangunan aplikasi.
(3) Keterpaduan pembangunan aplikasi dikendalikan oleh Diskominfo dan kode sumber
aplikasi disimpan dalam repositori.
""",
    "5": """BAB II
PUSAT DATA
Pasal 6
(1) Layanan pusat data diselenggarakan oleh Diskominfo.
(2) Setiap perangkat daerah wajib menempatkan data dan servernya di pusat data.
(3) Pusat data Pemerintah Daerah terhubung dengan Pusat Data Nasional.
""",
    "6": """BAB II
JARINGAN INTRA
Pasal 7
(1) Jaringan intra pemerintah daerah dikelola oleh Diskominfo.
(2) Setiap perangkat daerah wajib menggunakan jaringan intra pemerintah daerah.
(3) Jaringan intra pemerintah daerah terhubung dengan Jaringan Intra Pemerintah yang
diselenggarakan oleh kementerian.
""",
    "7": """BAB II
SISTEM PENGHUBUNG LAYANAN
Pasal 8
(1) Sistem penghubung layanan pemerintah daerah dibangun oleh Diskominfo.
(2) Setiap perangkat daerah wajib menggunakan sistem penghubung layanan untuk pertukaran data.
(3) Sistem penghubung layanan pemerintah daerah terhubung dengan Sistem Penghubung Layanan
Pemerintah yang diselenggarakan oleh kementerian.
""",
    "8": """BAB II
MANAJEMEN KEAMANAN INFORMASI
Pasal 9
(1) Manajemen keamanan informasi dilakukan melalui penetapan ruang lingkup, penetapan
penanggung jawab, perencanaan, dukungan pengoperasian, evaluasi kinerja, dan perbaikan
berkelanjutan.
(2) Manajemen keamanan informasi diterapkan oleh seluruh perangkat daerah.
""",
    "9": """BAB II
AUDIT TEKNOLOGI INFORMASI DAN KOMUNIKASI
Pasal 10
(1) Audit teknologi informasi dan komunikasi terdiri atas audit infrastruktur SPBE, audit
aplikasi SPBE, dan audit keamanan SPBE.
(2) Audit TIK dilaksanakan paling sedikit 1 (satu) kali dalam 2 (dua) tahun.
""",
    "10": """BAB II
TIM KOORDINASI SPBE
Pasal 11
(1) Bupati membentuk Tim Koordinasi SPBE yang diketuai oleh Sekretaris Daerah dengan anggota
seluruh kepala perangkat daerah.
(2) Tim Koordinasi SPBE mempunyai tugas mengoordinasikan penerapan SPBE di seluruh
perangkat daerah.
(3) Tim Koordinasi SPBE melakukan koordinasi, kerja sama, dan integrasi penerapan SPBE dengan
instansi pusat dan pemerintah daerah lain.
""",
}

PARTIAL: dict[str, str] = {
    "1": """BAB II
ARSITEKTUR SPBE
Pasal 2
(1) Arsitektur SPBE memuat domain arsitektur proses bisnis dan domain arsitektur aplikasi SPBE.
(2) Arsitektur SPBE ditetapkan oleh Bupati.
""",
    "2": """BAB II
PETA RENCANA SPBE
Pasal 3
(1) Peta Rencana SPBE disusun untuk jangka waktu 5 (lima) tahun.
(2) Peta Rencana SPBE ditetapkan dengan Keputusan Bupati.
""",
    "3": """BAB II
MANAJEMEN DATA
Pasal 4
(1) Manajemen data dilakukan melalui pengelolaan data induk dan basis data.
(2) Manajemen data dilaksanakan oleh perangkat daerah.
""",
    "4": """BAB II
PEMBANGUNAN APLIKASI SPBE
Pasal 5
(1) Pembangunan aplikasi SPBE dilaksanakan oleh perangkat daerah.
(2) Aplikasi khusus dibangun sesuai kebutuhan perangkat daerah.
""",
    "5": """BAB II
PUSAT DATA
Pasal 6
(1) Layanan pusat data diselenggarakan oleh Diskominfo.
(2) Perangkat daerah yang membutuhkan dapat menempatkan server di pusat data.
""",
    "6": """BAB II
JARINGAN INTRA
Pasal 7
(1) Jaringan intra pemerintah daerah dikelola oleh Diskominfo.
(2) Perangkat daerah tertentu dapat menggunakan jaringan intra.
""",
    "7": """BAB II
SISTEM PENGHUBUNG LAYANAN
Pasal 8
(1) Sistem penghubung layanan dibangun oleh Diskominfo.
(2) Perangkat daerah tertentu dapat menggunakan sistem penghubung layanan.
""",
    "8": """BAB II
MANAJEMEN KEAMANAN INFORMASI
Pasal 9
(1) Manajemen keamanan informasi dilakukan melalui perencanaan dan evaluasi kinerja.
(2) Keamanan informasi dijaga oleh Diskominfo.
""",
    "9": """BAB II
AUDIT TEKNOLOGI INFORMASI DAN KOMUNIKASI
Pasal 10
(1) Audit teknologi informasi dan komunikasi meliputi audit aplikasi SPBE.
(2) Audit TIK dilaksanakan setiap tahun.
""",
    "10": """BAB II
TIM KOORDINASI SPBE
Pasal 11
(1) Bupati membentuk Tim Koordinasi SPBE.
(2) Tim Koordinasi SPBE ditetapkan dengan Keputusan Bupati.
""",
}

MENTION: dict[str, str] = {
    "1": "Arsitektur SPBE",
    "2": "Peta Rencana SPBE",
    "3": "manajemen data",
    "4": "pembangunan aplikasi",
    "5": "pusat data",
    "6": "jaringan intra",
    "7": "sistem penghubung layanan",
    "8": "keamanan informasi",
    "9": "audit TIK",
    "10": "Tim Koordinasi SPBE",
}

# Every topic appears, but only in Menimbang, definitions and as a citation in the body.
PASSING = (
    HEADER.replace(
        "2. Sistem Pemerintahan",
        "2. Arsitektur SPBE adalah kerangka dasar; Peta Rencana SPBE adalah dokumen arah; Manajemen data\n"
        "adalah proses; Pusat data adalah fasilitas; Jaringan intra adalah jaringan tertutup; Sistem\n"
        "penghubung layanan adalah perangkat integrasi; Keamanan informasi adalah proteksi; Audit TIK\n"
        "adalah pemeriksaan; Tim Koordinasi SPBE adalah tim; pembangunan aplikasi adalah kegiatan.\n"
        "3. Sistem Pemerintahan",
    )
    + """BAB II
RENCANA DAN ANGGARAN
Pasal 2
(1) Rencana dan anggaran disusun dengan berpedoman pada Arsitektur SPBE, Peta Rencana SPBE dan
kebijakan tentang Manajemen Data.
(2) Belanja pusat data dan jaringan intra disesuaikan dengan Tim Koordinasi SPBE.
"""
    + CLOSING
)


def regulation(body: str) -> str:
    """A complete Perbup text around ``body``."""
    return HEADER + body + CLOSING


def review_minutes(indicator: str) -> str:
    """Minutes of a policy review meeting that discusses the indicator's topic."""
    return f"""NOTULEN RAPAT
Hari/Tanggal : Senin, 6 Maret 2023
Acara : Rapat reviu dan evaluasi kebijakan SPBE
Pembahasan :
1. Reviu atas Peraturan Bupati Nomor 5 Tahun 2022, khususnya pengaturan {MENTION[indicator]}.
2. Hasil evaluasi kebijakan: pengaturan perlu disesuaikan dengan ketentuan terbaru.
Kesimpulan : rekomendasi perbaikan disampaikan kepada Bupati sebagai tindak lanjut hasil reviu.
Notulis
"""


def build_document(
    pages: list[str],
    *,
    name: str = "dokumen.pdf",
    doc_type: DocType | None = DocType.peraturan_bupati,
    status: LegalStatus | None = LegalStatus.enacted,
    title: str | None = None,
    year: int | None = 2022,
    date_set: date | None = None,
    method: TextMethod = TextMethod.text_layer,
    ocr_confidence: float | None = None,
) -> ExtractedDocument:
    """An ExtractedDocument from page texts, with metadata set by hand."""
    sha = hashlib.sha256(("\f".join(pages) + name).encode()).hexdigest()
    meta = DocumentMetadata(
        doc_type=MetaField[DocType](value=doc_type, page=1) if doc_type else None,
        status=MetaField[LegalStatus](value=status, page=1) if status else None,
        title=MetaField[str](value=title, page=1) if title else None,
        year=MetaField[int](value=year, page=1) if year else None,
        date_set=MetaField[date](value=date_set, page=1) if date_set else None,
    )
    page_texts = [
        PageText(number=i + 1, text=text, method=method, ocr_confidence=ocr_confidence)
        for i, text in enumerate(pages)
    ]
    source = SourceFile(
        path=name, name=name, sha256=sha, format="pdf", mime_type="application/pdf", size=sum(map(len, pages))
    )
    return ExtractedDocument(source=source, metadata=meta, pages=page_texts)


def read_pdf_document(path: Path, meta: DocumentMetadata) -> ExtractedDocument:
    """A real PDF's text layer (pypdfium2, no cleanup) with hand-set metadata, for corpus rule tests."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    pages = [
        PageText(number=i + 1, text=page.get_textpage().get_text_range(), method=TextMethod.text_layer)
        for i, page in enumerate(pdf)
    ]
    data = path.read_bytes()
    source = SourceFile(path=str(path), name=path.name, sha256=hashlib.sha256(data).hexdigest(), format="pdf",
                        mime_type="application/pdf", size=len(data))
    return ExtractedDocument(source=source, metadata=meta, pages=pages)
