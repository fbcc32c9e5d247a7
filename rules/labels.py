"""Indonesian texts for every internal code that reaches a person: one table.

Codes (``enacted_policy``, ``peraturan_bupati``, ``draft``, ``assessor`` ...) are stable machine
values in storage and rule packs; screens, exports and CLI output show the texts below instead.
:func:`code_label` is the one look-up; a code missing from the table is still shown without its
underscores, never raw, and ``tests/review/test_no_internal_codes.py`` renders the pages and
exports to check that no snake_case code is left.
"""

from __future__ import annotations

from core.models import DocType, LegalStatus, TextMethod

DOC_TYPE_LABELS: dict[str, str] = {
    DocType.peraturan_daerah: "Peraturan Daerah",
    DocType.peraturan_gubernur: "Peraturan Gubernur",
    DocType.peraturan_bupati: "Peraturan Bupati",
    DocType.peraturan_wali_kota: "Peraturan Wali Kota",
    DocType.peraturan_menteri: "Peraturan Menteri",
    DocType.peraturan_presiden: "Peraturan Presiden",
    DocType.peraturan_lembaga: "Peraturan Lembaga",
    DocType.keputusan: "Keputusan",
    DocType.surat_edaran: "Surat Edaran",
    DocType.sop: "SOP",
    DocType.rencana_induk: "Rencana Induk",
    DocType.laporan: "Laporan",
    DocType.notulen_undangan: "Notulen/Undangan",
    DocType.kebijakan_internal: "Kebijakan Internal",
    DocType.lainnya: "Dokumen",
}

LEGAL_STATUS_LABELS: dict[str, str] = {
    LegalStatus.enacted: "Ditetapkan",
    LegalStatus.draft: "Rancangan",
    LegalStatus.not_applicable: "bukan dokumen penetapan",
}

# Document classes of the rule packs (rules/packs/*/pack.yaml ``document_classes``): short names
# for lists and citations; the pack's description stays the long explanation.
DOCUMENT_CLASS_LABELS: dict[str, str] = {
    "activity_record": "laporan atau dokumentasi kegiatan",
    "any_document": "dokumen yang relevan",
    "broad_policy": "kebijakan SPBE secara keseluruhan",
    "budget_document": "dokumen rencana kerja dan anggaran",
    "draft_policy": "rancangan kebijakan",
    "enacted_decree": "keputusan atau surat edaran yang ditetapkan",
    "enacted_policy": "kebijakan yang ditetapkan",
    "enacted_regulation": "peraturan yang ditetapkan",
    "evaluation_reference": "acuan evaluasi SPBE",
    "evaluation_result": "laporan hasil evaluasi SPBE",
    "follow_up_record": "catatan tindak lanjut",
    "identified_document": "dokumen yang jenisnya dikenali",
    "internal_policy": "pedoman kebijakan internal",
    "meeting_record": "notulen atau dokumentasi rapat",
    "national_decree": "keputusan nasional (acuan)",
    "national_regulation": "regulasi nasional (acuan)",
    "organisation_regulation": "peraturan susunan organisasi",
    "plan_draft": "rancangan dokumen rencana",
    "plan_report": "dokumen rencana",
    "plan_titled": "dokumen rencana dengan isinya",
    "procedure": "SOP yang disahkan",
    "process_map": "dokumen peta proses bisnis",
    "regulation": "peraturan",
    "replacement_policy": "kebijakan pengganti",
    "review_record": "catatan reviu atau evaluasi kebijakan",
    "revised_policy": "kebijakan perubahan",
    "security_team_profile": "profil tim tanggap insiden siber",
}

# How a page's text was obtained (the page view says it beside the stored text).
TEXT_METHOD_LABELS: dict[str, str] = {
    TextMethod.text_layer: "lapisan teks PDF",
    TextMethod.ocr: "OCR",
    TextMethod.docx: "DOCX",
    TextMethod.xlsx: "lembar kerja",
    TextMethod.pptx: "presentasi",
    TextMethod.odt: "ODT",
    TextMethod.plain: "teks biasa",
    TextMethod.none: "tanpa teks",
}

ROLE_LABELS: dict[str, str] = {"admin": "admin", "assessor": "asesor", "viewer": "pembaca"}

# Why a citation is weak (rules/citations.py ``Weakness``).
WEAKNESS_LABELS: dict[str, str] = {
    "toc": "hanya ditemukan di daftar isi",
    "problem": "kalimat ini menguraikan permasalahan, bukan ketentuan",
}

_TABLES: tuple[dict[str, str], ...] = (
    DOC_TYPE_LABELS,
    LEGAL_STATUS_LABELS,
    DOCUMENT_CLASS_LABELS,
    TEXT_METHOD_LABELS,
    ROLE_LABELS,
    WEAKNESS_LABELS,
)


def code_label(code: str) -> str:
    """The Indonesian text of an internal code; unknown codes lose their underscores."""
    for table in _TABLES:
        if code in table:
            return table[code]
    return code.replace("_", " ")


def class_label(name: str) -> str:
    """Short Indonesian name of a rule-pack document class."""
    return DOCUMENT_CLASS_LABELS.get(name, name.replace("_", " "))


def classes_label(names: set[str] | frozenset[str]) -> str:
    """E.g. "kebijakan yang ditetapkan, peraturan yang ditetapkan" (sorted by code, stable)."""
    return ", ".join(class_label(n) for n in sorted(names))
