"""The languages of the review screens: Indonesian (the default and the source text) and English.

Messages are keyed by their Indonesian text, as in gettext: templates stay readable in the language
the app is written in, Indonesian output needs no catalogue at all (so it cannot drift), and any text
without an English entry — a label computed in Python, an error message — falls back to Indonesian
unchanged. ``tests/review/test_review_i18n.py`` checks that every literal of the templates and every
fixed label has an English entry, so an edited Indonesian text cannot silently lose its translation.

Only the screens' own wording is translated. Data stays as stored: rule-pack texts (indicator
names, criteria, guidance, predicates), document content and metadata, assessor reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

DEFAULT_LOCALE: Final = "id"
LOCALE_COOKIE: Final = "bukti_lang"
LOCALE_COOKIE_MAX_AGE: Final = 365 * 24 * 3600  # a preference, not a credential: a year is fine

# Indonesian text → English. Placeholders ({n}) are filled by str.format after the lookup.
EN: Final[Mapping[str, str]] = {
    # base, login, error pages
    "reviu asesor": "assessor review",
    "Keluar": "Log out",
    "Masuk": "Log in",
    "Nama pengguna": "User name",
    "Kata sandi": "Password",
    "Kembali ke daftar pengajuan": "Back to the submissions list",
    # submissions list
    "Daftar pengajuan": "Submissions",
    "Belum ada pengajuan yang dapat Anda lihat.": "There are no submissions you can see yet.",
    "Jalankan": "Run",
    "untuk menilai folder bukti dukung.": "to assess a folder of supporting evidence.",
    "Wilayah": "Region",
    "Tahun": "Year",
    "Kerangka": "Framework",
    "Ditinjau": "Reviewed",
    "Indeks sementara": "Provisional index",
    "Indeks terkonfirmasi": "Confirmed index",
    "mencakup {n} dari {total} indikator": "covers {n} of {total} indicators",
    "{n} dari {total} ditinjau": "{n} of {total} reviewed",
    "Predikat": "Rating",
    "Penilaian terakhir": "Last assessment",
    "{n} usang": "{n} stale",
    "usulan": "proposed",
    "Indeks sementara dihitung dari usulan mesin; indeks terkonfirmasi memakai tingkat yang diputuskan "
    "asesor bila ada, selain itu usulan.": "The provisional index is computed from the machine's "
    "proposals; the confirmed index uses the level decided by an assessor where there is one, "
    "otherwise the proposal.",
    # submission
    "Indeks sementara (usulan)": "Provisional index (proposed)",
    "{n} perlu ditinjau ulang": "{n} need another review",
    "tidak ada keputusan usang": "no stale decisions",
    "Dokumen": "Documents",
    "{n} berkas": "{n} file(s)",
    "identitas yang dibaca, halaman OCR, masalah, dan apakah dihitung sebagai bukti": "identity as read, "
    "OCR pages, issues, and whether each counts as evidence",
    "Sebagian usulan dibuat dengan isi paket aturan yang berbeda dari paket terpasang (v{version}).": "Some "
    "proposals were made with rule-pack content that differs from the installed pack (v{version}).",
    "Jalankan ulang": "Run",
    "agar usulan memakai aturan terbaru.": "again so that the proposals use the latest rules.",
    "Unduh": "Download",
    "laporan cetak (HTML)": "printable report (HTML)",
    "Urutan": "Order",
    "menurut domain dan aspek": "by domain and aspect",
    "prioritas": "priority",
    "prioritas (usang, manual, keyakinan rendah dahulu)": "priority (stale, manual, low confidence first)",
    "No": "No.",
    "Indikator": "Indicator",
    "Usulan": "Proposed",
    "Keyakinan": "Confidence",
    "Status": "Status",
    "Diputuskan": "Decided",
    "Catatan": "Notes",
    "Domain": "Domain",
    "Aspek": "Aspect",
    "indeks": "index",
    "{n} indikator dihitung minimum": "{n} indicators counted at the minimum",
    "Dinilai dari kapabilitas aplikasi, bukan teks": "Assessed from the application's capabilities, not text",
    "perlu penilaian manual": "needs manual assessment",
    "keyakinan rendah": "low confidence",
    # indicator
    "Keputusan tersimpan.": "Decision saved.",
    "Tingkat usulan": "Proposed level",
    "belum ada usulan": "no proposal yet",
    "Tingkat diputuskan": "Decided level",
    "oleh {user}": "by {user}",
    "belum diputuskan": "not decided yet",
    "Keputusan ini perlu ditinjau ulang.": "This decision needs another review.",
    "Sejak keputusan dibuat:": "Since the decision was made:",
    "Perlu penilaian manual": "Needs manual assessment",
    "Keputusan": "Decision",
    "Konfirmasi tingkat {level}": "Confirm level {level}",
    "Ubah ke tingkat": "Change to level",
    "Alasan (wajib)": "Reason (required)",
    "Simpan perubahan tingkat": "Save level change",
    "Akun Anda ({role}) hanya dapat melihat; keputusan dibuat oleh asesor.": "Your account ({role}) can only "
    "view; decisions are made by assessors.",
    "Kriteria tingkat": "Level criteria",
    "Belum ada usulan untuk indikator ini.": "There is no proposal for this indicator yet.",
    "Tingkat": "Level",
    "terpenuhi": "met",
    "belum terpenuhi": "not met",
    "Ditemukan": "Found",
    "Belum ada": "Missing",
    "Panduan penilaian": "Assessment guidance",
    "Yang perlu dilengkapi untuk tingkat berikutnya": "What is needed for the next level",
    "Kutipan bukti": "Cited evidence",
    "Lihat halaman {page}": "View page {page}",
    "kutipan lemah": "weak citation",
    "Penjelasan usulan": "Why this proposal",
    "Riwayat keputusan": "Decision history",
    "Waktu": "Time",
    "Tindakan": "Action",
    "Alasan": "Reason",
    "Belum ada keputusan.": "No decisions yet.",
    # page
    "hlm.": "p.",
    "halaman {n} dari {total}": "page {n} of {total}",
    "halaman sebelumnya": "previous page",
    "halaman berikutnya": "next page",
    "Gambar halaman {n} dari {file}": "Image of page {n} of {file}",
    "Teks tersimpan": "Stored text",
    "kutipan ditandai": "citation marked",
    # documents
    "Periksa": "Check",
    "periksa": "check",
    "Berkas": "File",
    "Jenis dokumen": "Document type",
    "Nomor": "Number",
    "Judul": "Title",
    "Penetapan": "Enactment",
    "Halaman": "Pages",
    "Bukti": "Evidence",
    "tidak lagi di folder sejak {time}": "no longer in the folder since {time}",
    "Tanggal ditetapkan": "Date enacted",
    "Penandatangan": "Signed by",
    "Penerbit": "Issuer",
    "Wilayah/instansi": "Region/agency",
    "{n} dibaca OCR": "{n} read by OCR",
    "keyakinan rata-rata {pct}%": "mean confidence {pct}%",
    "{n} tanpa teks": "{n} without text",
    "tidak": "no",
    "ya": "yes",
    "Tidak dihitung sebagai bukti": "Not counted as evidence",
    "Identitas setiap berkas seperti yang dibaca bukti.": "The identity of each file as bukti read it.",
    "Nilai bertanda": "Values marked",
    "dibaca dengan keyakinan rendah: arahkan penunjuk ke nilai untuk melihat halaman asalnya.": "were read "
    "with low confidence: point at a value to see the page it came from.",
    "Dokumen yang tidak dihitung sebagai bukti tidak dipakai untuk mengusulkan tingkat menurut paket aturan "
    "{framework}.": "Documents not counted as evidence are not used to propose levels under the "
    "{framework} rule pack.",
    "Belum ada dokumen tersimpan untuk pengajuan ini.": "No documents are stored for this submission yet.",
    "Tidak lagi ada di folder": "No longer in the folder",
    "Berkas ini dibaca pada penilaian sebelumnya tetapi tidak ditemukan lagi pada penilaian terbaru.":
    "These files were read in an earlier assessment but were not found in the latest one.",
    # documents of another government (documents, indicator, submission screens)
    "{n} dokumen wilayah lain": "{n} document(s) from another government",
    "{n} dokumen dari wilayah lain tidak dihitung sebagai bukti.": "{n} document(s) from another government "
    "are not counted as evidence.",
    "Lihat dan terima di layar Dokumen": "Review and accept them on the Documents screen",
    "dokumen wilayah lain tidak dihitung": "another government's document not counted",
    "Dokumen dari wilayah lain tidak dihitung untuk indikator ini.": "Documents from another government are "
    "not counted for this indicator.",
    "Tingkat bila dihitung: {level}.": "Level if counted: {level}.",
    "wilayah lain": "other government",
    "Dokumen dari wilayah lain": "Document from another government",
    "Terima sebagai bukti": "Accept as evidence",
    "Batalkan penerimaan": "Revoke the acceptance",
    "Berlaku pada penilaian berikutnya (bukti assess atau alur malam).":
    "Takes effect at the next assessment (bukti assess or the nightly flow).",
    "Penerimaan dokumen tersimpan; berlaku pada penilaian berikutnya.":
    "Acceptance saved; it takes effect at the next assessment.",
    "{n} dokumen dari wilayah lain tidak dihitung sebagai bukti (wilayah pengajuan: {region}).":
    "{n} document(s) from another government are not counted as evidence "
    "(the submission's region: {region}).",
    "Asesor dapat menerimanya dengan alasan.": "An assessor can accept them, giving a reason.",
    "tidak ada usulan: asesor menentukan tingkat": "nothing proposed: the assessor enters the level",
    "Tetapkan tingkat": "Set the level",
    # the indicator screen as one working view: navigation, shortcuts, the cited page beside
    "Navigasi indikator": "Indicator navigation",
    "Sebelumnya": "Previous",
    "Berikutnya": "Next",
    "indikator {n} dari {total}": "indicator {n} of {total}",
    "Belum ditinjau berikutnya: {id}": "Next not reviewed: {id}",
    "keyakinan": "confidence",
    "Pintasan (tidak aktif saat mengetik):": "Shortcuts (off while typing):",
    "konfirmasi": "confirm",
    "tingkat": "level",
    "indikator": "indicator",
    "belum ditinjau": "not reviewed",
    "kutipan": "citation",
    "Tampilkan halamannya di samping": "Show its page alongside",
    "Halaman kutipan": "Cited page",
    "Buka halaman penuh": "Open the full page",
    "Tidak ada kutipan: tidak ada bukti yang ditemukan untuk indikator ini.": "No citations: no evidence "
    "was found for this indicator.",
    "Halaman yang dikutip tidak tersimpan lagi.": "The cited page is no longer stored.",
    "Kembali ke indikator {id}": "Back to indicator {id}",
    "— pilih tingkat —": "— choose a level —",
    # labels computed in Python (review.views, review.indicator) and passed through t()
    "manual": "manual",
    "Diterima": "Accepted",
    "Penerimaan dibatalkan": "Acceptance revoked",
    "Belum ditinjau": "Not reviewed",
    "Dikonfirmasi": "Confirmed",
    "Diubah": "Changed",
    "Ditetapkan": "Set",
    "Perlu ditinjau ulang": "Needs another review",
    "Konfirmasi": "Confirm",
    "Ubah tingkat": "Change level",
    "terbaca": "read",
    "terbaca sebagian": "partly read",
    "gagal dibaca": "could not be read",
    "dilewati": "skipped",
    "kesalahan": "error",
    "peringatan": "warning",
    "Fakta": "Facts",
    "Analisis": "Analysis",
    "Justifikasi": "Justification",
    "Rekomendasi": "Recommendation",
    # fixed titles and messages of review.app, review.routes_auth and review.web
    "Akses ditolak": "Access denied",
    "Tidak ditemukan": "Not found",
    "Gambar terlalu besar": "Image too large",
    "Terjadi kesalahan": "Something went wrong",
    "Belum masuk": "Not logged in",
    "Silakan masuk terlebih dahulu.": "Please log in first.",
    "Permintaan tidak valid": "Invalid request",
    "Permintaan tidak dapat diproses": "The request could not be processed",
    "Sesi formulir kedaluwarsa: silakan coba masuk lagi.": "The form session expired: please log in again.",
    "Terlalu banyak percobaan masuk yang gagal: coba lagi beberapa menit lagi.": "Too many failed login "
    "attempts: try again in a few minutes.",
    "Nama pengguna atau kata sandi salah.": "Wrong user name or password.",
    "token formulir (CSRF) tidak valid: muat ulang halaman lalu kirim lagi": "invalid form token (CSRF): "
    "reload the page and submit again",
}

CATALOGUES: Final[Mapping[str, Mapping[str, str]]] = {"id": {}, "en": EN}
LOCALES: Final = tuple(CATALOGUES)


def translate(locale: str, message: str, **values: object) -> str:
    """``message`` (Indonesian) in ``locale``, else in Indonesian; placeholders filled from ``values``."""
    text = CATALOGUES.get(locale, {}).get(message, message)
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Translator:
    """The ``t()`` of the templates, bound to one locale."""

    locale: str

    def __call__(self, message: str, **values: object) -> str:
        return translate(self.locale, message, **values)


def normalise_locale(raw: str | None) -> str:
    """A supported locale code, or the default for anything else (unknown, empty, malformed)."""
    code = (raw or "").strip().lower()
    return code if code in CATALOGUES else DEFAULT_LOCALE

