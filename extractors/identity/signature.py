"""Signature blocks: "Ditetapkan di ... pada tanggal ...", the signer's name, letter datelines.

A regulation closes with::

    Ditetapkan di Lima Puluh
    pada tanggal 31 Agustus 2021
    BUPATI BATU BARA,                 <- office (may be "a.n. Walikota ..., Kepala Dinas ...")
    TTD / Cap/dto / stamp noise
    ZAHIR                             <- signer
    [Pembina Utama Muda / NIP. ...]   <- rank and NIP
    Diundangkan di ...                <- the promulgation block (other signer), or Tembusan

Letters and reports sign off with "Jakarta, 20 Januari 2021" then office and name. An
electronic signature (BSrE) prints a box instead: "Ditandatangani secara elektronik oleh :",
NAME, position, NIP; the name comes first and the office under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extractors.identity.text import SMALL_WORDS, Line, find_date, is_upper

# OCR of scans splits, glues and misreads these words ("Di tetapkan dl", "Bitetapkan", "itetapkan"
# with the D under a stamp, "padatanggal", "pada tangga1").
_DITETAPKAN = re.compile(
    r"^(?:[DBO]\s?)?[il1]\s?t\s?[ec]\s?t\s?a\s?p\s?k\s?a\s?[nu]\s+d\s?[il1]\b\s*:?\s*(.*)$", re.I
)
_TANGGAL = re.compile(
    r"(?:\bpada\s*|\b)t\s?[a4]\s?n\s?g\s?g\s?[a4]\s?[l1iI|]\b\s*:?\s*(.*)$|\btgl\.?\s*:?\s*(.*)$", re.I
)
_BLOCK_END = re.compile(
    r"^(Diundangkan|DIUNDANGKAN|Tembusan|TEMBUSAN|LAMPIRAN|BERITA\s+DAERAH|LEMBARAN|Salinan\s+sesuai|"
    r"PARAF|Paraf|Keterangan|Yth\b|Pasal\b|BAB\b|NO\b|No\.\s)",
)
_SIGN_MARK = re.compile(r"^(?:t\.?t\.?d\b\.?|cap\b\s*/?\s*(?:dto|ttd)?\.?|dto\b\.?|ttd/?cap\b)\s*", re.I)
_RANK = re.compile(
    r"^(NIP|Nip|N\.I\.P|Pembina|PEMBINA|Penata|PENATA|Pangkat|PANGKAT|Pengatur|Juru|"
    r"Golongan|Gol\.|IV/|III/)",
)
# Words of office titles and institutions: a line holding one of them is not a person's name.
OFFICE_WORDS = frozenset(
    """kepala bupati walikota wali gubernur menteri presiden sekretaris daerah kota kabupaten
    provinsi dinas badan republik indonesia direktur jenderal ketua camat panewu lurah bidang
    bagian biro kementerian koordinator negara nasional pembangunan perencanaan pemerintah
    pemerintahan aparatur reformasi birokrasi komunikasi informatika statistik persandian deputi
    asisten inspektur pelaksana plt plh pj penjabat wakil kantor unit seksi kelembagaan laksana
    urusan umum hukum keuangan kepegawaian pengembangan sumber daya manusia perpustakaan kearsipan
    keputusan peraturan lampiran nomor tanggal tentang penulis penyusun tim mengetahui menyetujui
    disahkan dibuat diperiksa oleh kabid kasubag kasubid kasi sekda tembusan yth fakultas
    universitas koordinasi pengesahan notulis notulen pimpinan rapat acara""".split()
)
_DATELINE = re.compile(
    r"^([A-Z][A-Za-z .'-]{2,30}),\s*(\d{1,2}\s*)?([A-Za-z]{3,12})\.?\s*([12][0-9OoIl]{3})\.?$"
)


@dataclass
class Signature:
    """A dated signature block and the name signed under it."""

    date: date | None
    date_line: Line | None
    signer: str | None
    signer_line: Line | None
    enactment: bool  # a "Ditetapkan di" block (regulation), not a letter dateline
    office: str | None = None  # the office line(s) signed for, e.g. "BUPATI BATU BARA"


def is_name(text: str) -> bool:
    """Whether a line looks like a person's name (with optional titles and degrees)."""
    text = text.strip()
    if not text or re.search(r"\d|[/@:;()&?!]", text) or text.endswith(",") or _RANK.match(text):
        return False
    base = text.split(",")[0]
    tokens = re.findall(r"[A-Za-z][A-Za-z.'’-]*", base)
    if not tokens or len(tokens) > 7 or len(re.sub(r"[^A-Za-z]", "", base)) < 3:
        return False
    if not any(len(re.sub(r"[^A-Za-z]", "", t)) >= 3 for t in tokens):
        return False
    words = {t.lower().strip(".") for t in tokens}
    if words & OFFICE_WORDS or words & SMALL_WORDS:
        return False
    if sum(ch.isalpha() or ch in " .,'’-" for ch in text) < 0.9 * len(text):
        return False
    return all(t[0].isupper() for t in tokens)


def clean_name(text: str) -> str:
    """ "ZAHIR" -> "Zahir"; "SLAMET BASUKI. A.P" -> "Slamet Basuki, A.P"; degrees kept as printed."""
    text = _SIGN_MARK.sub("", text.strip()).strip(" ,")
    if text.endswith(".") and "." not in text.split()[-1][:-1]:
        text = text[:-1]  # "ZAHIR." but not "M.H."
    # OCR read the comma before a degree as a period: "SLAMET BASUKI. A.P", "Iswara. M.Si"
    text = re.sub(
        r"^(.*[A-Za-z]{2})\.\s+((?:[A-Z][A-Za-z]{0,2}\.)+[A-Z][A-Za-z]{0,3}\.?|[A-Z]{2,3})$", r"\1, \2", text
    )
    text = re.sub(r"(?<=\s)\|(?=\s)", "I", text)  # OCR "|" for the initial "I"
    text = re.sub(r"(?<=[A-Za-z.])[#*~^_=+<>]+(?=[A-Za-z])", " ", text)  # a stamp speck between words
    text = re.sub(r"\b([A-Z])\.\s+(?=[A-Z]\b)", r"\1.", text)  # "A. A Ngurah" -> "A.A Ngurah"
    name, _, degrees = text.partition(",")
    if is_upper(name):
        name = re.sub(
            r"[A-Za-z]+",
            lambda m: m.group(0) if len(m.group(0)) == 1 else m.group(0)[0] + m.group(0)[1:].lower(),
            name,
        )
    name = " ".join(name.split())
    degrees = ", ".join(d.strip() for d in degrees.split(",") if d.strip())
    return f"{name}, {degrees}" if degrees else name


def _continues(previous: str) -> bool:
    """Whether the line after ``previous`` continues it ("Asisten Pemerintahan dan" / "Kesra")."""
    words = previous.split()
    return bool(words) and words[-1].lower() in SMALL_WORDS


def _signer_after(lines: list[Line], start: int, same_page: bool) -> tuple[str, Line, str | None] | None:
    """First run of name-like lines after ``start``; the last line of that run is the name."""
    page = lines[start].page if start < len(lines) else 0
    found: Line | None = None
    office: list[str] = []
    previous = ""
    for index, line in enumerate(lines[start + 1 : start + 14], start=start + 1):
        if same_page and line.page != page:
            break
        text = re.sub(r"^[^A-Za-z]+", "", _SIGN_MARK.sub("", line.text.strip()))  # stamp specks
        if _BLOCK_END.match(text) or (found and _RANK.match(text)):
            break
        if not text:
            continue
        if found is None and is_esign_header(text) and (signed := esign_signer(lines, index)):
            # an electronic-signature box: name first, the position under it
            return signed[0], signed[1], signed[2] or " ".join(" ".join(office).split()).strip(" ,") or None
        if is_name(text) and not _continues(previous):
            found = line
        elif found is not None:
            break
        elif re.match(r"^(a\.?\s?n\.?|u\.?b\.?)\s", text, re.I):
            office = []  # signed on behalf: the office that follows is the signer's own
        elif text.split()[0].lower().strip(".,") in OFFICE_WORDS or office:
            office.append(text)
        previous = text
    if found is None:
        return None
    office_text = " ".join(" ".join(office).split()).strip(" ,") or None
    return clean_name(re.sub(r"^[^A-Za-z]+", "", found.text)), found, office_text


_INLINE = re.compile(r"tanggal\b.*?\b([A-Z][A-Z .]+),\s*(?:ttd\.?\s*)?([^,]{3,60}(?:,.*)?)$")


def _inline_signer(line: Line) -> tuple[str, Line, str | None] | None:
    """A block a word processor flattened onto one line ("... pada tanggal BUPATI X, NAMA")."""
    match = _INLINE.search(line.text)
    if match is None or not is_name(match.group(2)):
        return None
    return clean_name(match.group(2)), line, match.group(1).strip()


def find_enactment(lines: list[Line]) -> Signature | None:
    """The first "Ditetapkan di ... pada tanggal ..." block, its date and signer."""
    for i, line in enumerate(lines):
        if not _DITETAPKAN.match(line.text.strip()):
            continue
        dated = next(
            ((i + k, m) for k, ln in enumerate(lines[i : i + 3]) if (m := _TANGGAL.search(ln.text))), None
        )
        if dated is None:
            continue
        date_index, date_text = dated[0], dated[1].group(0)
        found = find_date(date_text)
        if found is None and date_index + 1 < len(lines):
            found = find_date(f"{date_text} {lines[date_index + 1].text}")  # date wrapped
        signer = _inline_signer(lines[date_index]) or _signer_after(lines, date_index, same_page=False)
        return Signature(
            date=found,
            date_line=lines[date_index],
            signer=signer[0] if signer else None,
            signer_line=signer[1] if signer else None,
            enactment=True,
            office=signer[2] if signer else None,
        )
    return None


def find_dateline(lines: list[Line]) -> Signature | None:
    """A letter or foreword sign-off ("Jakarta, 20 Januari 2021") with the name under it."""
    for i, line in enumerate(lines):
        match = _DATELINE.match(line.text.strip())
        if not match:
            continue
        signer = _signer_after(lines, i, same_page=True)
        return Signature(
            date=find_date(line.text),
            date_line=line,
            signer=signer[0] if signer else None,
            signer_line=signer[1] if signer else None,
            enactment=False,
            office=signer[2] if signer else None,
        )
    return None


def dateline_year(signature: Signature | None) -> int | None:
    """Year of a dateline even when it has no day ("Jakarta, Maret 2021")."""
    if signature is None or signature.date_line is None:
        return None
    if signature.date is not None:
        return signature.date.year
    match = _DATELINE.match(signature.date_line.text.strip())
    return int(match.group(4)) if match and match.group(4).isdigit() else None


def signer_before_nip(lines: list[Line]) -> tuple[str, Line] | None:
    """A name printed just above its rank/NIP lines, for sheets without a dated block."""
    for i, line in enumerate(lines):
        if not re.match(r"^(NIP|Nip|N\.I\.P)\b", line.text.strip()):
            continue
        for back in range(i - 1, max(-1, i - 4), -1):
            text = lines[back].text.strip()
            if _RANK.match(text):
                continue
            if is_name(text) and len(re.sub(r"[^A-Za-z]", "", text)) >= 4:
                return clean_name(text), lines[back]
            break
    return None


# The header of an electronic-signature box (BSrE): "Ditandatangani secara elektronik oleh :".
# The header is often underlined, which OCR reads as "i ngani ra elektronik oleh :", so the
# second form only needs "elektronik oleh" near the start. A long line that merely mentions a
# signature ("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat ...
# yang diterbitkan oleh BSrE") has more than three words before "oleh" and does not match.
_ESIGN_HEADER = re.compile(
    r"^\W*(?:(?:telah\s+)?d[il1]tanda\s*tangan[il1](?:\s+\S+){0,3}?|.{0,20}\bel[ce]ktron[il1]k)\s+"
    r"oleh\b\s*:?\s*(.*)$",
    re.I,
)
# Lines between the header and the name: OCR specks from the QR code beside the box.
_ESIGN_NAME_WINDOW = 4


def is_esign_header(text: str) -> bool:
    """Whether ``text`` opens an electronic-signature box ("Ditandatangani secara elektronik oleh :")."""
    return _ESIGN_HEADER.match(text.strip()) is not None


def _esign_office(lines: list[Line], after: int, page: int) -> str | None:
    """The position printed under the name in an e-signature box, up to the NIP/rank line."""
    office: list[str] = []
    for line in lines[after + 1 : after + 4]:
        text = line.text.strip()
        if line.page != page or _RANK.match(text) or _BLOCK_END.match(text) or re.search(r"\d{6}", text):
            break
        office.append(text)
    return " ".join(" ".join(office).split()).strip(" ,") or None


def esign_signer(lines: list[Line], header: int) -> tuple[str, Line, str | None] | None:
    """Name, its line and position signed in the e-signature box whose header is ``lines[header]``.

    The box reads header, NAME, position, NIP; the name may also follow the colon on the header.
    """
    head = lines[header]
    match = _ESIGN_HEADER.match(head.text.strip())
    rest = match.group(1).strip() if match else ""
    if rest and is_name(rest):
        return clean_name(rest), head, _esign_office(lines, header, head.page)
    for index in range(header + 1, min(len(lines), header + 1 + _ESIGN_NAME_WINDOW)):
        line = lines[index]
        text = re.sub(r"^[^A-Za-z]+", "", line.text.strip())
        if line.page != head.page or _RANK.match(text) or _BLOCK_END.match(text):
            break
        if is_name(text):
            return clean_name(text), line, _esign_office(lines, index, head.page)
    return None


def find_esignature(lines: list[Line]) -> Signature | None:
    """The first electronic-signature box with its signer, dated by the dateline or
    "Ditetapkan ... pada tanggal" just above it on the same page (``enactment`` for the latter).
    """
    for i, line in enumerate(lines):
        if not is_esign_header(line.text):
            continue
        signer = esign_signer(lines, i)
        if signer is None:
            continue
        above = [ln for ln in lines[max(0, i - 6) : i] if ln.page == line.page]
        enactment = find_enactment(above)
        dated = enactment or find_dateline(above)
        return Signature(
            date=dated.date if dated else None,
            date_line=dated.date_line if dated else None,
            signer=signer[0],
            signer_line=signer[1],
            enactment=enactment is not None,
            office=signer[2],
        )
    return None
