"""Document identity: type, issuer, region, number, year, title, status, date set and signer.

``detect_identity`` reads the page texts of one document (any extractor, text layer or OCR)
and returns ``DocumentMetadata`` whose fields each carry the page they came from and a
confidence. It works from the anatomy of Indonesian government documents, not from file
names: the instrument heading (``identity_heading``), the signature blocks
(``identity_signature``) and SOP sheets, report covers and letters (``identity_sheet``).
Pure: no I/O, no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from core.models import DocType, DocumentMetadata, Issue, LegalStatus, MetaField, PageText, Severity
from extractors.identity.heading import (
    PLACEHOLDER,
    Heading,
    complete_title,
    doc_type_of,
    find_heading,
    looks_garbled,
    recital_title,
    repaired_number,
)
from extractors.identity.issuer import joint_parties, unit_block, unit_of_office, unit_on_page, with_unit
from extractors.identity.region import (
    head_region,
    region_in_lines,
    region_name,
    spell_region_in,
    subdistrict_head,
)
from extractors.identity.sheet import (
    OFFICE_LINE,
    cover_title,
    find_marker,
    institution_in_lines,
    letter_number,
    letter_subject,
    letterhead,
    read_sop_sheet,
    running_title,
    sop_cover,
    title_under_letterhead,
)
from extractors.identity.signature import (
    Signature,
    dateline_year,
    find_dateline,
    find_enactment,
    signer_before_nip,
)
from extractors.identity.text import Line, collect_acronyms, document_lines, find_date, find_year, title_case

T = TypeVar("T")

HEAD_PAGES = 3  # identity lives on the first pages (cover, heading, SOP sheet)
HEADING_LINES = 40  # a heading further down than this is a quotation, not the document's own
# Base confidences of each kind of evidence, multiplied by the page's text quality.
STRONG, GOOD, WEAK, GUESS = 0.95, 0.85, 0.6, 0.35


@dataclass
class _Context:
    """Lines of one document, prepared once."""

    head: list[Line]
    body: list[Line]
    acronyms: set[str]
    text: str  # the whole document, for checking a reading against the rest of it


def _field(value: T | None, line: Line | None, base: float) -> MetaField[T] | None:
    if value is None or value == "":
        return None
    quality = line.quality if line is not None else 0.9
    page = line.page if line is not None else None
    return MetaField[T](value=value, page=page, confidence=round(max(0.0, min(1.0, base * quality)), 2))


def _context(pages: list[PageText]) -> _Context:
    with_text = [p for p in pages if p.text.strip()]
    head_pages = with_text[:HEAD_PAGES]
    head = document_lines(head_pages, keep_headers=True)
    body = document_lines(pages)
    text = "\n".join(p.text for p in pages)
    return _Context(head=head, body=body, acronyms=collect_acronyms(body), text=text)


def _expand_abbreviations(text: str) -> str:
    return re.sub(r"\bKab\.\s*", "Kabupaten ", text)


def _region_of(issuer: str | None) -> str | None:
    """The region or agency an issuing office belongs to ("Bupati Batu Bara" -> "Kabupaten Batu Bara")."""
    if not issuer:
        return None
    if region := head_region(issuer):
        return region
    if re.match(r"^Presiden\b", issuer, re.I):
        return "Republik Indonesia"
    if match := re.match(r"^Menteri\s+([^/]+)", issuer, re.I):
        return f"Kementerian {match.group(1).strip()}"
    if match := re.match(r"^Kepala\s+((?:Badan|Lembaga|Arsip|Perpustakaan)\b[^/]*)$", issuer, re.I):
        return match.group(1).strip()
    return region_name(issuer)


def _instrument_issuer(heading: Heading, doc_type: DocType) -> str | None:
    office, enacting = heading.office, heading.enacting_office
    if doc_type is DocType.peraturan_daerah or not office:
        value = enacting
    elif (
        enacting
        and " ".join(enacting.split()).endswith(" ".join(office.split()))
        and len(enacting) > len(office)
    ):
        value = enacting  # "KEPALA BADAN SIBER DAN SANDI NEGARA," for "PERATURAN BADAN ..."
    else:
        value = office
    if value and not re.match(r"^PRESIDEN\b", value, re.I):
        value = re.sub(r"\s+REPUBLIK\s+INDONESIA$", "", value, flags=re.I)
    return value or None


# A certified copy is only made of an enacted instrument; OCR may lose a number, never invent these.
# (A body line "Salinan Keputusan ini disampaikan kepada ..." is no mark: the heading's is in capitals.)
_COPY_MARKS = re.compile(r"^(?:SALINAN|PETIKAN)\b(?![a-z])|(?i:Salinan\s+sesuai\s+dengan\s+aslinya)", re.M)
# The promulgation block and the gazette entry (a draft may carry them as blank templates).
_PROMULGATION = re.compile(
    r"^Diundangkan\s+di\b|^(?:BERITA|LEMBARAN)\s+DAERAH\b.*\b(?:NOMOR|TAHUN)\b", re.I | re.M
)


def _instrument_status(
    heading: Heading, enactment: Signature | None, text: str
) -> tuple[LegalStatus, float]:
    """Draft or enacted, from the heading's marks, the number and the signature block.

    A number is given when an instrument is signed, so a filled-in number or a copy/promulgation
    mark says "enacted" even when OCR lost the "Ditetapkan di" block of a scan.
    """
    if heading.draft_marker:
        return LegalStatus.draft, STRONG
    if heading.number_blank and heading.number_line and PLACEHOLDER.search(heading.number_line.text):
        return LegalStatus.draft, GOOD  # "KEP. XXX/...": a template, even one headed "SALINAN"
    if _COPY_MARKS.search(text):
        return LegalStatus.enacted, GOOD
    if heading.number_blank:
        return LegalStatus.draft, GOOD
    if enactment is None:
        if heading.number is not None or _PROMULGATION.search(text):
            return LegalStatus.enacted, WEAK
        return LegalStatus.draft, WEAK
    if enactment.date is None and heading.number is None:
        return LegalStatus.draft, GOOD
    return LegalStatus.enacted, GOOD


def _instrument_signature(ctx: _Context, heading: Heading, doc_type: DocType) -> Signature | None:
    """The "Ditetapkan" block; else a LAMPIRAN's "TANGGAL"; else (circulars) a letter dateline."""
    if (enactment := find_enactment(ctx.body)) is not None:
        return enactment
    if heading.dated is not None:
        return Signature(heading.dated[0], heading.dated[1], None, None, enactment=True)
    if doc_type in (DocType.surat_edaran, DocType.lainnya):
        return find_dateline(ctx.body)
    return None


def _from_instrument(ctx: _Context, heading: Heading) -> DocumentMetadata:
    doc_type = doc_type_of(heading.kind, heading.office)
    enactment = _instrument_signature(ctx, heading, doc_type)
    issuer = _instrument_issuer(heading, doc_type) or (enactment.office if enactment else None)
    issuer_text = spell_region_in(title_case(issuer, ctx.acronyms)) if issuer else None
    region = _region_of(issuer_text)
    region_line: Line | None = heading.line
    if region is None and (found := region_in_lines(ctx.head)):
        region, region_line = found
    date_set = enactment.date if enactment else None
    year, year_line = heading.year, heading.number_line
    if year is None and date_set is not None and enactment is not None:
        year, year_line = date_set.year, enactment.date_line
    status, status_conf = _instrument_status(heading, enactment, ctx.text)
    title = None
    if heading.title:
        full = complete_title(heading.title, recital_title(ctx.head, heading.index))
        title = title_case(full, ctx.acronyms)
    number, number_line, number_conf = heading.number, heading.number_line, STRONG
    if number and looks_garbled(number) and (repeated := repaired_number(number, ctx.body)):
        number, number_line, number_conf = repeated[0], repeated[1], GOOD
    return DocumentMetadata(
        doc_type=_field(doc_type, heading.line, STRONG),
        issuer=_field(issuer_text, heading.line, GOOD),
        region=_field(region, region_line, GOOD),
        number=_field(number, number_line, number_conf),
        year=_field(year, year_line, GOOD),
        title=_field(title, heading.title_line, GOOD),
        status=_field(status, enactment.date_line if enactment else heading.line, status_conf),
        date_set=_field(date_set, enactment.date_line if enactment else None, STRONG),
        signer=_field(
            enactment.signer if enactment else None, enactment.signer_line if enactment else None, GOOD
        ),
    )


def _first(*candidates: tuple[T, Line] | None) -> tuple[T, Line] | tuple[None, None]:
    for candidate in candidates:
        if candidate is not None and candidate[0] is not None:
            return candidate
    return None, None


def _year_in(lines: list[Line]) -> tuple[int, Line] | None:
    """A cover's "TAHUN 2017" (in capitals) on the first pages."""
    for line in lines:
        if re.search(r"\bTAHUN\b", line.text) and line.text.isupper() and (year := find_year(line.text)):
            return year, line
    return None


def _from_sop(ctx: _Context, marker_line: Line, draft: bool) -> DocumentMetadata:
    sheet = read_sop_sheet(ctx.head)
    title, title_line = _first(sop_cover(ctx.head), sheet.title, running_title(ctx.head))
    issuer, issuer_line = _first(sheet.issuer, subdistrict_head(ctx.head))
    region, region_line = _first(region_in_lines(ctx.head))
    if region is None and issuer:
        region, region_line = _region_of(issuer), issuer_line
    dated = sheet.date_set or sheet.date_made
    year_source = (dated[0].year, dated[1]) if dated else None
    if year_source is None and sheet.number and (tail := re.search(r"((?:19|20)\d\d)$", sheet.number[0])):
        year_source = (int(tail.group(1)), sheet.number[1])
    year, year_line = _first(year_source)
    signer, signer_line = _first(signer_before_nip(ctx.head))
    number, number_line = _first(sheet.number)
    date_set, date_line = _first(sheet.date_set)
    status = LegalStatus.draft if draft else LegalStatus.enacted
    return DocumentMetadata(
        doc_type=_field(DocType.sop, marker_line, GOOD),
        issuer=_field(issuer, issuer_line, WEAK),
        region=_field(region, region_line, WEAK),
        number=_field(number, number_line, GOOD),
        year=_field(year, year_line, GOOD),
        title=_field(title_case(title, ctx.acronyms) if title else None, title_line, GOOD),
        status=_field(status, marker_line, WEAK),
        date_set=_field(date_set, date_line, GOOD),
        signer=_field(signer, signer_line, WEAK),
    )


def _other_issuer(
    ctx: _Context, doc_type: DocType, signature: Signature | None
) -> tuple[str, Line] | tuple[None, None]:
    if doc_type is DocType.notulen_undangan:
        first_page = [ln for ln in ctx.head if ln.page == ctx.head[0].page]
        for line in first_page:
            if (match := OFFICE_LINE.match(line.text)) and not line.text.isupper():
                return _expand_abbreviations(match.group(1).strip(" ,")), line
        return _first(letterhead(ctx.head), institution_in_lines(ctx.head))
    return _authoring_unit(ctx, signature)


def _authoring_unit(ctx: _Context, signature: Signature | None) -> tuple[str, Line] | tuple[None, None]:
    """A report's or manual's author: organisation from the cover (else the back cover) and its unit."""
    last_page = ctx.body[-1].page if ctx.body else None
    back = [ln for ln in ctx.body if ln.page == last_page] if last_page != ctx.head[0].page else []
    for lines, page in ((ctx.head, ctx.head[0].page), (back, last_page)):
        if page is not None and (block := unit_block(lines, page, ctx.acronyms)):
            return with_unit(block[0], block[1]) or block[0], block[2]
    organisation, line = _first(
        letterhead(ctx.head),
        joint_parties(ctx.head, ctx.acronyms),
        institution_in_lines(ctx.head),
        institution_in_lines(back),
    )
    if organisation is None or line is None:
        return None, None
    unit = unit_on_page(ctx.head, ctx.head[0].page, ctx.acronyms) or unit_on_page(
        ctx.body, line.page, ctx.acronyms
    )
    office_unit = unit_of_office(signature.office, ctx.acronyms) if signature else None
    return with_unit(organisation, unit[0] if unit else office_unit) or organisation, line


def _from_other(ctx: _Context, doc_type: DocType, marker_index: int | None) -> DocumentMetadata:
    """Reports, minutes, manuals and unknown documents: cover title, dateline, region."""
    title, title_line = _first(
        # a letter or memo is named by its subject, not by "Nota Dinas"
        letter_subject(ctx.head) if doc_type is DocType.notulen_undangan else None,
        cover_title(ctx.head, marker_index) if marker_index is not None else title_under_letterhead(ctx.head),
    )
    enactment = find_enactment(ctx.body)
    dateline = find_dateline(ctx.body)
    signature = enactment or dateline
    signer = signature.signer if signature else None
    signer_line = signature.signer_line if signature else None
    if doc_type is DocType.notulen_undangan and (letter := signer_before_nip(ctx.head)):
        signer, signer_line = letter  # the letter on the first pages, not the minute-taker
    issuer, issuer_line = _other_issuer(ctx, doc_type, signature)
    region, region_line = _first(
        region_in_lines(ctx.head), institution_in_lines(ctx.head, prefer_upper=True)
    )
    year, year_line = _other_year(ctx, title, title_line, dateline)
    enacted = enactment is not None and enactment.date is not None
    status = LegalStatus.enacted if enacted else LegalStatus.not_applicable
    known = doc_type is not DocType.lainnya or marker_index is not None
    number, number_line = _first(letter_number(ctx.head))
    return DocumentMetadata(
        doc_type=_field(doc_type, title_line, GOOD if known else GUESS),
        number=_field(number, number_line, WEAK),
        issuer=_field(issuer, issuer_line, WEAK),
        region=_field(region, region_line, WEAK),
        year=_field(year, year_line, WEAK),
        title=_field(title_case(title, ctx.acronyms) if title else None, title_line, WEAK),
        status=_field(status, signature.date_line if signature else title_line, WEAK),
        date_set=_field(
            enactment.date if enactment else None, enactment.date_line if enactment else None, GOOD
        ),
        signer=_field(signer, signer_line, WEAK),
    )


def _other_year(
    ctx: _Context, title: str | None, title_line: Line | None, dateline: Signature | None
) -> tuple[int, Line] | tuple[None, None]:
    year_of_title = find_year(title) if title else None
    title_year = (year_of_title, title_line) if year_of_title and title_line else None
    year_of_dateline = dateline_year(dateline)
    dated = (
        (year_of_dateline, dateline.date_line)
        if dateline and dateline.date_line and year_of_dateline
        else None
    )
    first_page = [ln for ln in ctx.head if ln.page == ctx.head[0].page] if ctx.head else []
    first_date = next(((d.year, ln) for ln in first_page if (d := find_date(ln.text)) is not None), None)
    return _first(title_year, _year_in(ctx.head), dated, first_date)


# Metadata fields as the identity issue names them to the assessor.
_FIELD_NAMES = {"doc_type": "jenis", "title": "judul"}


def _issues(meta: DocumentMetadata) -> list[Issue]:
    missing = [name for name in ("doc_type", "title") if getattr(meta, name) is None]
    if (
        meta.doc_type is not None
        and meta.doc_type.value is DocType.lainnya
        and meta.doc_type.confidence < 0.5
    ):
        missing.insert(0, "doc_type")
    if not missing:
        return []
    return [
        Issue(
            code="identity_incomplete",
            message=(
                f"{' dan '.join(_FIELD_NAMES[n] for n in dict.fromkeys(missing)).capitalize()} dokumen "
                "tidak terbaca dari halaman-halaman awal; periksa identitas dokumen secara manual "
                "(apakah halaman pertama hilang, berupa foto, atau tidak terbaca?)."
            ),
            severity=Severity.warning,
            page=1,
        )
    ]


def detect_identity(pages: list[PageText]) -> tuple[DocumentMetadata, list[Issue]]:
    """Read type, issuer, region, number, year, title, status, date set and signer from page texts."""
    ctx = _context(pages)
    if not ctx.head:
        meta = DocumentMetadata()
        return meta, _issues(meta)
    heading = find_heading(ctx.head, HEADING_LINES)
    marker = find_marker(ctx.head)
    if heading is not None and (marker is None or heading.index <= marker.index):
        meta = _from_instrument(ctx, heading)
    elif marker is not None and marker.doc_type is DocType.sop:
        draft = any(re.match(r"^(RANCANGAN|DRAFT|KONSEP)\b", ln.text) for ln in ctx.head[: marker.index + 3])
        meta = _from_sop(ctx, marker.line, draft)
    else:
        doc_type = marker.doc_type if marker else DocType.lainnya
        meta = _from_other(ctx, doc_type, marker.index if marker else None)
    return meta, _issues(meta)


__all__ = ["detect_identity"]
