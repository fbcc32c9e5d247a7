"""Generated government documents of varied layouts, with the identity each one states.

The identity detector was developed on a few dozen real documents from five regions; these
builders write the same kinds of document (decrees, Perbup/Perwali/Pergub, SK Kepala Dinas,
SOP sheets, memos, report covers, drafts) for other regions and in the other layouts seen in
the wild, so tests check the anatomy rather than the corpus. Each builder returns a
:class:`Sample`: page texts (lists of lines) and the metadata a careful reader would record.
``render_pdf`` draws the pages as a text-layer PDF, ``render_scan_pdf`` as image-only pages
for Tesseract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from core.models import DocType, LegalStatus


@dataclass(frozen=True)
class Region:
    kind: str  # "Kabupaten" | "Kota" | "Provinsi"
    name: str  # as the official list spells it
    capital: str  # where decrees are "Ditetapkan di"

    @property
    def full(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def head(self) -> str:
        """The head of the region's office, as a heading writes it."""
        return {"Kabupaten": "BUPATI", "Kota": "WALI KOTA", "Provinsi": "GUBERNUR"}[self.kind]


# Regions none of the corpus documents come from.
TOLI = Region("Kabupaten", "Toli-Toli", "Tolitoli")
BITUNG = Region("Kota", "Bitung", "Bitung")
HULU = Region("Kabupaten", "Hulu Sungai Tengah", "Barabai")
NTT = Region("Provinsi", "Nusa Tenggara Timur", "Kupang")
PEKALONGAN = Region("Kota", "Pekalongan", "Pekalongan")
TANAH_DATAR = Region("Kabupaten", "Tanah Datar", "Batusangkar")
GUNUNGKIDUL = Region("Kabupaten", "Gunungkidul", "Wonosari")
TANJUNGBALAI = Region("Kota", "Tanjungbalai", "Tanjungbalai")


@dataclass
class Sample:
    """One generated document: its pages (lines) and the identity it states."""

    name: str
    pages: list[list[str]]
    expected: dict[str, Any] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """Page texts as a text layer gives them (the signature mark as the typed "ttd")."""
        return ["\n".join(line.removeprefix(RIGHT) for line in lines) for lines in self.pages]


# Layout marks inside page lines: a signature-block line set in the right half of the page, and
# where a scan shows a handwritten signature (a text layer says "ttd").
RIGHT = "\t"
SIGNED = "ttd"


MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


BODY = [
    "Pasal 1",
    "Dalam Peraturan ini yang dimaksud dengan:",
    "1. Daerah adalah daerah otonom yang dipimpin oleh kepala daerah.",
    "2. Sistem Pemerintahan Berbasis Elektronik yang selanjutnya disingkat SPBE adalah",
    "penyelenggaraan pemerintahan yang memanfaatkan teknologi informasi dan komunikasi.",
    "Pasal 2",
    "Perangkat Daerah menerapkan SPBE sesuai dengan ketentuan peraturan perundang-undangan.",
]
DIKTUM = [
    "MEMUTUSKAN:",
    "Menetapkan :",
    "KESATU : Membentuk Tim Koordinasi dengan susunan sebagaimana tercantum dalam Lampiran.",
    "KEDUA : Tim Koordinasi bertugas mengoordinasikan pelaksanaan kegiatan.",
    "KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan.",
]


def _instrument(
    *,
    kind: str,
    office: str,
    enacting: str,
    number_line: str,
    title: list[str],
    region: Region,
    signed: date | None,
    signer: str | None,
    top: list[str] = (),  # type: ignore[assignment]
    prefix: list[str] = (),  # type: ignore[assignment]
    closing_office: str | None = None,
    closing_extra: list[str] = (),  # type: ignore[assignment]
    keputusan: bool = False,
) -> list[list[str]]:
    first = [*top, *prefix, f"{kind} {office}", number_line, "TENTANG", *title]
    first += ["DENGAN RAHMAT TUHAN YANG MAHA ESA", f"{enacting},"]
    first += ["Menimbang : a. bahwa untuk melaksanakan ketentuan peraturan perundang-undangan;",
              "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a perlu ditetapkan;",
              "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;"]  # fmt: skip
    body = list(DIKTUM if keputusan else BODY)
    closing = [
        f"Ditetapkan di {region.capital}",
        f"pada tanggal {long_date(signed) if signed else ''}".rstrip(),
    ]
    closing += [f"{closing_office or enacting},"]
    closing += [SIGNED, signer.upper()] if signer else [""]
    closing = [RIGHT + line for line in closing] + list(closing_extra)
    return [first, body + closing]


def regulation(
    region: Region,
    *,
    office_spelling: str | None = None,
    title: list[str] | None = None,
    number: str = "NOMOR 17 TAHUN 2023",
    signed: date | None = date(2023, 5, 12),
    signer: str | None = "Ahmad Syarifuddin",
    prefix: list[str] = (),  # type: ignore[assignment]
    letterhead: bool = False,
    name: str = "",
) -> Sample:
    """A Perbup / Perwali / Pergub in the Permendagri 80/2015 layout."""
    head = office_spelling or region.head
    office = f"{head} {region.name.upper()}"
    title = title or ["SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK"]
    top = [office, f"PROVINSI {NTT.name.upper()}"] if letterhead and region.kind != "Provinsi" else []
    pages = _instrument(
        kind="PERATURAN", office=office, enacting=office, number_line=number, title=title,
        region=region, signed=signed, signer=signer, top=top, prefix=prefix,
        closing_extra=[f"Diundangkan di {region.capital}",
                       f"pada tanggal {long_date(signed)}" if signed else "",
                       "SEKRETARIS DAERAH,", "ttd", "BUDI HARTONO"],
    )  # fmt: skip
    doc_type = {
        "Kabupaten": DocType.peraturan_bupati,
        "Kota": DocType.peraturan_wali_kota,
        "Provinsi": DocType.peraturan_gubernur,
    }[region.kind]
    return Sample(
        name or f"peraturan-{region.name}",
        pages,
        {
            "doc_type": doc_type,
            "issuer": _title(office),
            "region": region.full,
            "title": _title(" ".join(title)),
            "signer": signer,
            "date_set": signed,
        },
    )


def decree(
    region: Region,
    *,
    office_spelling: str | None = None,
    number: str = "NOMOR 188.45/214/KPTS/2023",
    title: list[str] | None = None,
    signed: date | None = date(2023, 3, 3),
    signer: str | None = "Drs. Yohanes Lado, M.Si",
    prefix: list[str] = (),  # type: ignore[assignment]
    letterhead: list[str] = (),  # type: ignore[assignment]
    name: str = "",
) -> Sample:
    """A Keputusan Bupati / Wali Kota / Gubernur, optionally under a letterhead."""
    office = f"{office_spelling or region.head} {region.name.upper()}"
    title = title or ["PEMBENTUKAN TIM KOORDINASI SISTEM PEMERINTAHAN", "BERBASIS ELEKTRONIK"]
    pages = _instrument(
        kind="KEPUTUSAN", office=office, enacting=office, number_line=number, title=title, region=region,
        signed=signed, signer=signer, top=list(letterhead), prefix=prefix, keputusan=True,
    )  # fmt: skip
    return Sample(
        name or f"keputusan-{region.name}",
        pages,
        {
            "doc_type": DocType.keputusan,
            "issuer": _title(office),
            "region": region.full,
            "title": _title(" ".join(title)),
            "signer": signer,
            "date_set": signed,
        },
    )


def agency_decree(region: Region, *, signer: str = "Ir. Maria Goreti Bria, M.T", name: str = "") -> Sample:
    """An SK Kepala Dinas under the Dinas letterhead."""
    agency = f"DINAS KOMUNIKASI DAN INFORMATIKA {region.kind.upper()} {region.name.upper()}"
    office = f"KEPALA {agency}"
    letterhead = [f"PEMERINTAH {region.kind.upper()} {region.name.upper()}",
                  "DINAS KOMUNIKASI DAN INFORMATIKA",
                  f"Jalan Soekarno Hatta No. 12 {region.capital} Telepon (0380) 821234"]  # fmt: skip
    signed = date(2024, 2, 19)
    pages = _instrument(
        kind="KEPUTUSAN", office=office, enacting=office, number_line="NOMOR : 800/45/DISKOMINFO/2024",
        title=["PENUNJUKAN ADMINISTRATOR PUSAT DATA"], region=region, signed=signed, signer=signer,
        top=letterhead, keputusan=True,
    )  # fmt: skip
    # the enacting office wraps over two lines in most SKs of a Dinas
    first = pages[0]
    at = first.index(f"{office},")
    first[at : at + 1] = [
        "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
        f"{region.kind.upper()} {region.name.upper()},",
    ]
    return Sample(
        name or f"sk-dinas-{region.name}",
        pages,
        {
            "doc_type": DocType.keputusan,
            "issuer": _title(office),
            "region": region.full,
            "number": "800/45/DISKOMINFO/2024",
            "title": "Penunjukan Administrator Pusat Data",
            "signer": signer,
            "status": LegalStatus.enacted,
        },
    )


def sop_sheet(
    region: Region,
    *,
    layout: str = "inline",
    title: str = "Pengelolaan Nama Domain dan Subdomain",
    signer: str = "Ir. Maria Goreti Bria, M.T",
    name: str = "",
) -> Sample:
    """An SOP identity table (PermenPAN 35/2012) as a PDF's text or OCR hands it over.

    ``inline``: one "label : value" per line; ``cells``: label and value on separate lines;
    ``joined``: the header cell and the first field on one line, no SOP heading.
    """
    org = f"PEMERINTAH {region.kind.upper()} {region.name.upper()}"
    agency = "DINAS KOMUNIKASI DAN INFORMATIKA"
    office = f"Kepala Dinas Komunikasi dan Informatika {region.full}"
    fields = [
        ("Nomor SOP", "800/12/SOP/DISKOMINFO/2023"),
        ("Tanggal Pembuatan", "2 Januari 2023"),
        ("Tanggal Revisi", "-"),
        ("Tanggal Efektif", "16 Januari 2023"),
        ("Disahkan oleh", office),
    ]
    if layout == "inline":
        lines = [org, agency, "BIDANG APLIKASI INFORMATIKA"]
        lines += [f"{label} : {value}" for label, value in fields]
        lines += [signer.upper(), "NIP. 19700101 199503 2 001", f"Nama SOP : {title.upper()}"]
    elif layout == "cells":
        lines = [org, agency]
        for label, value in fields:
            lines += [label, value]
        lines += [signer, "NIP. 19700101 199503 2 001", "Nama SOP", title.upper()]
    elif layout == "joined":
        lines = [f"{org} Nomor SOP 800/12/SOP/DISKOMINFO/2023", f"{agency} Tanggal Pembuatan 2 Januari 2023"]
        lines += ["Tanggal Revisi -", "Tanggal Efektif 16 Januari 2023", f"Disahkan oleh {office}"]
        lines += [signer, "NIP. 19700101 199503 2 001", f"Nama SOP {title.upper()}"]
    else:  # rows: every table row one line, the header block's cells first, no label starts a line
        lines = [f"LOGO {org} Nomor SOP : 800/12/SOP/DISKOMINFO/2023",
                 f"{agency} Tanggal Pembuatan : 2 Januari 2023",
                 "BIDANG APLIKASI INFORMATIKA Tanggal Revisi : -",
                 "SEKSI TATA KELOLA Tanggal Efektif : 16 Januari 2023",
                 f"Disahkan oleh : {office}", signer, "NIP. 19700101 199503 2 001",
                 f"LAYANAN INFRASTRUKTUR Nama SOP : {title.upper()}"]  # fmt: skip
    lines += ["Dasar Hukum : 1. Peraturan Presiden Nomor 95 Tahun 2018 tentang SPBE;",
              "Kualifikasi Pelaksana : Memahami tata kelola nama domain",
              "Keterkaitan : -", "Peralatan/Perlengkapan : Komputer, jaringan internet",
              "Peringatan : Permohonan yang tidak lengkap tidak diproses",
              "Pencatatan dan Pendataan : Buku register permohonan"]  # fmt: skip
    steps = ["No Kegiatan Pelaksana Mutu Baku Keterangan",
             "1 Menerima surat permohonan subdomain Operator Surat 15 menit",
             "2 Memverifikasi kelengkapan permohonan Kepala Bidang Formulir 1 hari"]  # fmt: skip
    return Sample(
        name or f"sop-{layout}-{region.name}",
        [lines, steps],
        {
            "doc_type": DocType.sop,
            "number": "800/12/SOP/DISKOMINFO/2023",
            "title": title,
            "issuer": office,
            "region": region.full,
            "date_set": date(2023, 1, 16),
            "year": 2023,
            "signer": signer,
            "status": LegalStatus.enacted,
        },
    )


def memo(region: Region, *, name: str = "") -> Sample:
    """A nota dinas under the regional secretariat's letterhead."""
    lines = [f"PEMERINTAH {region.kind.upper()} {region.name.upper()}", "SEKRETARIAT DAERAH",
             f"Jalan Jenderal Sudirman No. 1 {region.capital} Kode Pos 95511", "NOTA DINAS",
             f"Kepada Yth. : {_head_title(region)} {region.name}", "Dari : Sekretaris Daerah",
             "Tanggal : 4 Juli 2023", "Nomor : 005/318/SETDA/2023", "Sifat : Biasa",
             "Hal : Rapat Koordinasi Tim SPBE",
             "Dengan hormat, bersama ini kami laporkan rencana rapat koordinasi tim SPBE.",
             "Demikian disampaikan, atas perhatian Bapak diucapkan terima kasih.",
             f"{region.capital}, 4 Juli 2023", "SEKRETARIS DAERAH,", "YOHANIS BENGE",
             "NIP. 19680808 199003 1 010"]  # fmt: skip
    return Sample(
        name or f"nota-dinas-{region.name}",
        [lines],
        {
            "doc_type": DocType.notulen_undangan,
            "number": "005/318/SETDA/2023",
            "title": "Rapat Koordinasi Tim SPBE",
            "region": region.full,
            "signer": "Yohanis Benge",
            "year": 2023,
        },
    )


def report(region: Region, *, name: str = "") -> Sample:
    """A report with a cover page naming the region and the year."""
    cover = ["LAPORAN PELAKSANAAN", "SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK", "TAHUN 2022",
             f"PEMERINTAH {region.kind.upper()} {region.name.upper()}",
             "DINAS KOMUNIKASI DAN INFORMATIKA"]  # fmt: skip
    body = ["KATA PENGANTAR", "Puji syukur kami panjatkan atas tersusunnya laporan ini.",
            f"{region.capital}, 20 Januari 2023", "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA,",
            "AGUSTINUS LAKA", "NIP. 19720202 199803 1 004"]  # fmt: skip
    return Sample(
        name or f"laporan-{region.name}",
        [cover, body],
        {
            "doc_type": DocType.laporan,
            "title": "Laporan Pelaksanaan Sistem Pemerintahan Berbasis Elektronik Tahun 2022",
            "region": region.full,
            "year": 2022,
            "signer": "Agustinus Laka",
        },
    )


def _head_title(region: Region) -> str:
    return {"Kabupaten": "Bupati", "Kota": "Wali Kota", "Provinsi": "Gubernur"}[region.kind]


_SMALL = {"dan", "di", "atau", "pada", "dalam", "untuk", "tentang", "ke", "dari", "yang", "serta", "bagi"}
_ACRONYMS = {"SPBE", "TIK", "SOP"}


def _title(text: str) -> str:
    """The normal-case form the detector writes for a title or office in capitals."""
    words = " ".join(text.split()).split(" ")
    out = []
    for i, word in enumerate(words):
        if word in _ACRONYMS:
            out.append(word)
        elif i and word.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def render_pdf(sample: Sample, path: Path) -> Path:
    """The sample as a text-layer PDF, one page per page of lines (signature block on the right)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, _ = A4
    for lines in sample.pages:
        y = 800.0
        for line in lines:
            pdf.setFont("Helvetica", 10)
            x = width * 0.55 if line.startswith(RIGHT) else 50
            pdf.drawString(x, y, line.removeprefix(RIGHT))
            y -= 15
        pdf.showPage()
    pdf.save()
    return path


def render_scan_page(lines: list[str], font_path: Path, *, seed: int = 0) -> Any:
    """One page as a 300 dpi scan: headings centred, the signature block on the right under a
    round stamp and a handwritten signature, light noise and blur."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    from extractors.ocr.eval import degrade

    rng = random.Random(seed)
    width, height, margin, line_h = 2481, 3508, 240, 70
    font = ImageFont.truetype(str(font_path), size=44)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin
    for line in lines:
        text = line.removeprefix(RIGHT)
        if line.startswith(RIGHT):
            x = int(width * 0.55)
            if text == SIGNED:  # a signature: a scribble, no text
                points = [(x + 40 * k, y + rng.randint(-25, 25)) for k in range(10)]
                draw.line(points, fill=40, width=5)
                cx, cy = x - 40, y - 30  # the stamp over the office line and the signature
                draw.ellipse((cx - 170, cy - 170, cx + 170, cy + 170), outline=110, width=9)
                y += line_h
                continue
        elif text.isupper() and len(text) <= 60:
            x = (width - int(font.getlength(text))) // 2
        else:
            x = margin
        draw.text((x, y), text, font=font, fill=0)
        y += line_h
    return degrade(page, seed=seed, gaussian_sigma=14, blur_radius=0.6)


def render_scan_pdf(sample: Sample, path: Path, font_path: Path, *, seed: int = 0) -> Path:
    """The sample as an image-only PDF, each page drawn by :func:`render_scan_page`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, lines in enumerate(sample.pages):
        page = render_scan_page(lines, font_path, seed=seed + number)
        pdf.drawImage(ImageReader(page), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    return path
