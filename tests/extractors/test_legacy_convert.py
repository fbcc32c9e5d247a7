"""Legacy files through LibreOffice: the conversion plumbing with a fake ``soffice``, then the real one."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from extract_samples import make_regulation_docx
from office_samples import make_xlsx
from processes import alive

from core.errors import CorruptFileError, UnsupportedFormatError
from core.models import DocumentStatus, TextMethod
from extractors.api import extract_document
from extractors.formats import legacy

# A stand-in for soffice: records its arguments, then behaves as FAKE_SOFFICE_MODE says.
FAKE_SOFFICE = """
import os, subprocess, sys, time
from pathlib import Path
args = sys.argv[1:]
log = Path(os.environ["FAKE_SOFFICE_LOG"])
with log.open("a") as handle:
    handle.write(" ".join(args) + "\\n")
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
if mode == "hang":
    child = subprocess.Popen(["sleep", "60"])
    with log.open("a") as handle:
        handle.write(f"child {child.pid}\\n")
    time.sleep(60)
if mode == "fail":
    print("Error: source file could not be loaded", file=sys.stderr)
    sys.exit(0)
if mode == "nofilter":  # what soffice says when Impress/Calc/Writer is not installed
    print(f"Error: no export filter for {args[-1]} found, aborting.", file=sys.stderr)
    sys.exit(0)
target, outdir = args[args.index("--convert-to") + 1], Path(args[args.index("--outdir") + 1])
source = Path(args[-1])
out = outdir / f"{source.stem}.{target}"
if mode == "garbage":
    out.write_bytes(b"%PDF-1.4 not really")
elif target == "xlsx":
    import openpyxl
    book = openpyxl.Workbook()
    book.active.title = "Lembar1"
    book.active.append(["Dikonversi dari", source.suffix])
    book.save(out)
else:
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(str(out))
    for text in ("Halaman satu dari LibreOffice", "Halaman dua dari LibreOffice"):
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
"""


def make_ole2(path: Path, stream: str) -> Path:
    """A minimal OLE2 header whose first directory sector names ``stream`` (enough to sniff)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)
    struct.pack_into("<I", header, 0x30, 0)
    path.write_bytes(bytes(header) + (stream.encode("utf-16-le") + b"\x00\x00").ljust(512, b"\x00"))
    return path


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install the stand-in as BUKTI_SOFFICE; returns the log of its calls."""
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n{FAKE_SOFFICE}")
    script.chmod(0o755)
    log = tmp_path / "soffice.log"
    log.touch()
    monkeypatch.setenv("BUKTI_SOFFICE", str(script))
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return log


def test_legacy_without_libreoffice_says_how_both_modes(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_SOFFICE", str(tmp_path / "tidak-ada"))
    path = make_ole2(tmp_path / "surat.doc", "WordDocument")
    with pytest.raises(UnsupportedFormatError, match="memerlukan LibreOffice") as caught:
        extract_document(path, raise_errors=True)
    assert "apt-get install libreoffice-writer-nogui" in str(caught.value)
    assert "simpan sebagai .docx atau PDF" in str(caught.value)
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and doc.source.format == "doc"
    assert [i.code for i in doc.issues] == ["unsupported"]


def test_legacy_xls_is_read_as_xlsx(tmp_path: Path, fake_soffice: Path) -> None:
    path = make_ole2(tmp_path / "rekap.xls", "Workbook")
    doc = extract_document(path, raise_errors=True)
    assert doc.source.format == "xls" and doc.source.path == str(path) and doc.source.name == "rekap.xls"
    pages = [(p.number, p.method, p.text) for p in doc.pages]
    assert pages == [(1, TextMethod.xlsx, "Lembar1\nDikonversi dari | .xls")]
    call = fake_soffice.read_text().split("\n")[0].split()
    assert call[call.index("--convert-to") + 1] == "xlsx" and "--headless" in call
    assert call[0].startswith("-env:UserInstallation=file:///")
    assert list((tmp_path / "tmp").iterdir()) == []  # converted files and profile are gone


def test_legacy_doc_is_read_as_pdf_pages(tmp_path: Path, fake_soffice: Path) -> None:
    path = make_ole2(tmp_path / "-perbup lama.doc", "WordDocument")  # LibreOffice would take it as an option
    doc = extract_document(path, raise_errors=True)
    assert doc.source.format == "doc" and doc.source.mime_type == "application/msword"
    assert [p.text for p in doc.pages] == ["Halaman satu dari LibreOffice", "Halaman dua dari LibreOffice"]
    assert "--convert-to pdf" in fake_soffice.read_text()


def test_legacy_each_conversion_has_its_own_profile(tmp_path: Path, fake_soffice: Path) -> None:
    for name in ("a.xls", "b.xls"):
        extract_document(make_ole2(tmp_path / name, "Workbook"), raise_errors=True)
    profiles = [line.split()[0] for line in fake_soffice.read_text().splitlines()]
    assert len(profiles) == 2 and profiles[0] != profiles[1]


def test_legacy_conversion_timeout_kills_the_process_group(
    tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT_SECONDS", 1)
    path = make_ole2(tmp_path / "macet.doc", "WordDocument")
    with pytest.raises(CorruptFileError, match="tidak selesai mengonversi 'macet.doc' dalam 1 detik"):
        extract_document(path, raise_errors=True)
    lines = fake_soffice.read_text().splitlines()
    child = int(next(line for line in lines if line.startswith("child")).split()[1])
    assert not alive(child)
    assert extract_document(path).issues[0].code == "corrupt"


def test_legacy_failed_conversion_both_modes(tmp_path: Path, fake_soffice: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail")
    path = make_ole2(tmp_path / "rusak.doc", "WordDocument")
    loaded = "mengonversi 'rusak.doc' .Error: source file could not be loaded"
    with pytest.raises(CorruptFileError, match=loaded):
        extract_document(path, raise_errors=True)
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and [i.code for i in doc.issues] == ["corrupt"]


def test_legacy_unreadable_conversion_names_the_original(tmp_path: Path, fake_soffice: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "garbage")
    path = make_ole2(tmp_path / "perbup.doc", "WordDocument")
    original = "'perbup.doc', setelah dikonversi ke pdf oleh LibreOffice: "
    with pytest.raises(CorruptFileError, match=original) as caught:
        extract_document(path, raise_errors=True)
    assert isinstance(caught.value.__cause__, CorruptFileError)


def test_legacy_missing_component_is_unsupported(tmp_path: Path, fake_soffice: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "nofilter")
    path = make_ole2(tmp_path / "paparan.ppt", "PowerPoint Document")
    with pytest.raises(UnsupportedFormatError, match="libreoffice-impress-nogui"):
        extract_document(path, raise_errors=True)
    assert [i.code for i in extract_document(path).issues] == ["unsupported"]


# ---------------------------------------------------------------- the real LibreOffice

needs_soffice = pytest.mark.skipif(legacy.find_soffice() is None, reason="LibreOffice is not installed")


def _soffice_convert(source: Path, target: str, outdir: Path) -> Path:
    profile = (outdir / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=120)
    return outdir / f"{source.stem}.{target}"


@pytest.mark.slow
@needs_soffice
def test_legacy_real_doc_keeps_its_pages(tmp_path: Path) -> None:
    docx_path = make_regulation_docx(tmp_path / "perbup.docx")
    doc_path = _soffice_convert(docx_path, "doc", tmp_path)
    doc = extract_document(doc_path, raise_errors=True)
    assert doc.source.format == "doc" and len(doc.pages) >= 3  # printed pages: at least the explicit breaks
    text = "\n".join(p.text for p in doc.pages)
    assert "Pasal 1" in text and "Peta Rencana SPBE disusun setiap lima tahun." in text
    assert {m.label for m in doc.structure} >= {"Pasal 1", "Pasal 2", "Pasal 3"}


@pytest.mark.slow
@needs_soffice
def test_legacy_real_xls_rtf_and_ods(tmp_path: Path) -> None:
    rows = [["Kode", "Uraian"], ["5.1.02", "Aplikasi SPBE"]]
    book = make_xlsx(tmp_path / "rka.xlsx", {"RKA": rows, "DPA": [["x"]]})
    for target in ("xls", "ods"):
        doc = extract_document(_soffice_convert(book, target, tmp_path), raise_errors=True)
        assert doc.source.format == target
        assert [p.text for p in doc.pages] == ["RKA\nKode | Uraian\n5.1.02 | Aplikasi SPBE", "DPA\nx"]
    rtf = _soffice_convert(make_regulation_docx(tmp_path / "sk.docx"), "rtf", tmp_path)
    doc = extract_document(rtf, raise_errors=True)
    assert doc.source.format == "rtf" and "Pasal 1" in doc.pages[0].text


@pytest.mark.slow
@needs_soffice
def test_legacy_parallel_conversions_do_not_clash(tmp_path: Path) -> None:
    book = make_xlsx(tmp_path / "rka.xlsx", {"RKA": [["Pagu", 100]]})
    xls = _soffice_convert(book, "xls", tmp_path)
    sources = [shutil.copy(xls, tmp_path / f"rka{i}.xls") for i in range(3)]
    results: dict[int, str] = {}

    def run(index: int) -> None:
        results[index] = extract_document(Path(sources[index])).pages[0].text

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert results == {i: "RKA\nPagu | 100" for i in range(3)}


# A flat OpenDocument presentation: LibreOffice Impress turns it into .ppt and .odp.
FODP = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:master-styles><style:master-page style:name="Default"/></office:master-styles>
 <office:body><office:presentation>
  <draw:page draw:name="p1" draw:master-page-name="Default">
   <draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box>
    <text:p>Paparan Arsitektur SPBE</text:p></draw:text-box></draw:frame>
   <presentation:notes><draw:frame presentation:class="notes" svg:x="1cm" svg:y="15cm" svg:width="18cm"
    svg:height="5cm"><draw:text-box><text:p>Catatan pembicara</text:p></draw:text-box></draw:frame>
   </presentation:notes>
  </draw:page>
  <draw:page draw:name="p2" draw:master-page-name="Default">
   <draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box>
    <text:p>Peta Rencana SPBE</text:p></draw:text-box></draw:frame>
  </draw:page>
 </office:presentation></office:body>
</office:document>
"""


@pytest.mark.slow
@needs_soffice
def test_legacy_real_ppt_and_odp_keep_slides_and_notes(tmp_path: Path) -> None:
    flat = tmp_path / "paparan.fodp"
    flat.write_text(FODP, encoding="utf-8")
    for target in ("ppt", "odp", "pptx"):
        try:
            converted = _soffice_convert(flat, target, tmp_path)
        except subprocess.CalledProcessError:
            converted = tmp_path / "missing"
        if not converted.is_file():
            pytest.skip("LibreOffice Impress is not installed (libreoffice-impress-nogui)")
        doc = extract_document(converted, raise_errors=True)
        assert doc.source.format == target
        texts = [p.text for p in doc.pages]
        assert texts == ["Paparan Arsitektur SPBE\nCatatan pembicara", "Peta Rencana SPBE"]
