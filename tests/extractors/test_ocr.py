"""OCR stage: Tesseract discovery, bad input, the page cache and the pure helpers."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from processes import alive

from core.errors import CorruptFileError, MissingDependencyError
from core.settings import ExtractOptions
from extractors.ocr.cache import OcrCache
from extractors.ocr.engine import OcrJob, Recognition, parse_tsv, run_job
from extractors.ocr.eval import character_accuracy, edit_distance, find_font, render_text_page
from extractors.ocr.reader import INSTALL_HINT, OcrPage, check_tesseract, ocr_image, ocr_pdf_pages

pytesseract = pytest.importorskip("pytesseract")

FONT = find_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no DejaVu font on this system")


def _tesseract_ok() -> bool:
    try:
        check_tesseract("ind+eng")
    except MissingDependencyError:
        return False
    return True


needs_tesseract = pytest.mark.skipif(not _tesseract_ok(), reason="Tesseract with ind+eng not installed")


@pytest.fixture
def options(tmp_path: Path) -> ExtractOptions:
    return ExtractOptions(ocr_cache_dir=tmp_path / "ocr-cache")


@pytest.fixture(scope="module")
def short_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small PNG with two known lines (fast to OCR)."""
    assert FONT is not None
    page = render_text_page(
        (
            "Keputusan Wali Kota tentang Tim Koordinasi SPBE.",
            "Pasal 2 ayat (1) berlaku sejak tanggal ditetapkan.",
        ),
        font_path=FONT,
        width_in=6.0,
        margin_in=0.4,
    )
    path = tmp_path_factory.mktemp("ocr") / "short.png"
    page.save(path, dpi=(300, 300))
    return path


# --- pure helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("abc", "", 3),
        ("", "ab", 2),
        ("kitten", "sitting", 3),
        ("Pasal 8", "Pasal 8", 0),
        ("SPBE", "SBPE", 2),
    ],
)
def test_edit_distance_table(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_character_accuracy_ignores_line_breaks_but_counts_errors() -> None:
    assert character_accuracy("Wali Kota\nDenpasar", "Wali  Kota Denpasar") == 1.0
    assert character_accuracy("abcdefghij", "abcdefghiX") == pytest.approx(0.9)
    assert character_accuracy("abc", "completely different text") == 0.0


def test_parse_tsv_rebuilds_lines_paragraphs_and_mean_confidence() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90.5\tKEPUTUSAN",
        "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t80.5\tWALI",
        "5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t70\tKOTA",
        "5\t1\t2\t1\t1\t1\t0\t0\t10\t10\t60\tMenimbang",
        "5\t1\t2\t1\t1\t2\t0\t0\t10\t10\t-1\t ",
    ]
    result = parse_tsv("\n".join([header, *rows]))
    assert result.text == "KEPUTUSAN WALI\nKOTA\n\nMenimbang"
    assert result.words == 4
    assert result.confidence == pytest.approx((90.5 + 80.5 + 70 + 60) / 4)
    assert parse_tsv(header).confidence is None


def test_run_job_returns_an_error_instead_of_raising() -> None:
    broken = OcrJob(
        mode="L", size=(100, 100), pixels=b"too short", languages="ind", dpi=300, osd=False, timeout=10
    )
    result = run_job(broken)
    assert result.error and "ValueError" in result.error
    assert result.text == ""


def test_cache_round_trip_and_key_depends_on_pixels_languages_and_version(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path, languages="ind+eng", tesseract_version="5.3.0")
    white, black = Image.new("L", (20, 20), 255), Image.new("L", (20, 20), 0)
    key = cache.key(white)
    assert cache.get(key) is None
    cache.put(key, Recognition(text="Pasal 1", confidence=91.0, words=2, rotated=180, steps=["despeckle"]))
    assert cache.get(key) == Recognition(
        text="Pasal 1", confidence=91.0, words=2, rotated=180, steps=["despeckle"]
    )
    assert cache.key(black) != key
    assert OcrCache(tmp_path, languages="ind", tesseract_version="5.3.0").key(white) != key
    assert OcrCache(tmp_path, languages="ind+eng", tesseract_version="5.4.0").key(white) != key


def test_cache_skips_failed_pages_and_survives_a_damaged_entry(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path, languages="ind", tesseract_version="5.3.0")
    key = cache.key(Image.new("L", (5, 5), 255))
    cache.put(key, Recognition(error="TesseractError: boom"))
    assert cache.get(key) is None
    cache.put(key, Recognition(text="ok", confidence=90.0, words=1))
    next(tmp_path.rglob("*.json")).write_text("{not json", encoding="utf-8")
    assert cache.get(key) is None


# --- Tesseract discovery ------------------------------------------------------------------


@needs_tesseract
@pytest.mark.ocr
def test_check_tesseract_reports_version_and_languages() -> None:
    info = check_tesseract()
    assert info.version.split(".")[0].isdigit() and int(info.version.split(".")[0]) >= 4
    assert "ind" in info.languages
    assert info.osd == ("osd" in info.languages)


def test_check_tesseract_missing_binary_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(MissingDependencyError) as caught:
        check_tesseract()
    message = str(caught.value)
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in message
    assert "pip install 'bukti[ocr]'" in message
    assert caught.value.__cause__ is not None


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_unknown_language_raises_missing_dependency(short_page: Path, options: ExtractOptions) -> None:
    bad = options.model_copy(update={"ocr_languages": "ind+xqz"})
    with pytest.raises(MissingDependencyError, match="xqz") as caught:
        ocr_image(short_page, bad)
    assert INSTALL_HINT in str(caught.value)


# --- bad input never raises for one page --------------------------------------------------


@needs_tesseract
@pytest.mark.ocr
def test_corrupt_image_gives_an_error_page(tmp_path: Path, options: ExtractOptions) -> None:
    garbage = tmp_path / "scan.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    pages = ocr_image(garbage, options)
    assert len(pages) == 1
    assert pages[0].text == "" and pages[0].error and "scan.png" in pages[0].error


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_truncated_image_gives_an_error_page(
    tmp_path: Path, short_page: Path, options: ExtractOptions
) -> None:
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(short_page.read_bytes()[:2000])
    [page] = ocr_image(truncated, options)
    assert page.error and page.text == ""


@needs_tesseract
@pytest.mark.ocr
def test_missing_pdf_page_is_an_error_page_and_unreadable_pdf_raises(
    tmp_path: Path, options: ExtractOptions
) -> None:
    pdf = tmp_path / "blank.pdf"
    Image.new("L", (850, 1100), 255).save(pdf, resolution=100)
    pages = ocr_pdf_pages(pdf, [1, 7], options)
    assert pages[1].error is None and pages[1].text.strip() == "" and pages[1].confidence is None
    assert pages[7].error and "halaman 7 tidak ada" in pages[7].error
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(CorruptFileError, match="broken.pdf"):
        ocr_pdf_pages(broken, [1], options)


# --- the page cache end to end ------------------------------------------------------------


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_second_call_is_served_from_the_cache(
    short_page: Path, options: ExtractOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    [first] = ocr_image(short_page, options)

    def no_tesseract(*args: object, **kwargs: object) -> OcrJob:
        raise AssertionError("a cached page was sent to Tesseract again")

    monkeypatch.setattr(OcrJob, "from_image", no_tesseract)  # every uncached page becomes a job
    [second] = ocr_image(short_page, options)
    assert not first.cached and second.cached
    assert first.error is None and "Koordinasi" in first.text
    assert second.model_dump(exclude={"cached"}) == first.model_dump(exclude={"cached"})
    assert list((options.ocr_cache_dir or Path()).rglob("*.json")), "no cache file written"


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_transparent_png_is_read_on_white(tmp_path: Path, short_page: Path, options: ExtractOptions) -> None:
    """Black text on a transparent background must not turn into black on black."""
    ink = Image.open(short_page).convert("L")
    transparent = Image.new("RGBA", ink.size, (0, 0, 0, 0))
    transparent.putalpha(ink.point(lambda v: 255 - v))
    path = tmp_path / "screenshot.png"
    transparent.save(path)
    [page] = ocr_image(path, options)
    assert page.error is None and "Koordinasi" in page.text


def test_sixteen_bit_frames_are_scaled_not_clipped() -> None:
    from extractors.ocr.reader import _frame_item

    deep = Image.new("I;16", (40, 40), 30000)  # mid-gray in 16 bits
    image, dpi = _frame_item(deep)
    assert image.mode == "L" and image.getextrema() == (116, 116)  # 30000 / 257, not clipped to 255
    assert dpi is None


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_killed_workers_are_replaced_on_the_next_call(tmp_path: Path, short_page: Path) -> None:
    from extractors.ocr import pool as ocr_pool

    def fresh() -> ExtractOptions:
        return ExtractOptions(ocr_cache_dir=tmp_path / f"cache-{time.perf_counter_ns()}", ocr_workers=2)

    assert ocr_image(short_page, fresh())[0].error is None  # workers are up
    for process in list(ocr_pool._executors[2]._processes.values()):
        assert process.pid is not None
        # the pool may already have stopped the other worker after the first one died
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.join(10)
    # The break is normally seen before the next page is sent (then a fresh pool reads it);
    # if it is noticed only afterwards, that one page fails with an error, never an exception.
    [during] = ocr_image(short_page, fresh())
    assert during.error is None or "BrokenProcessPool" in during.error
    [after] = ocr_image(short_page, fresh())
    assert after.error is None and "Koordinasi" in after.text


def _ocr_in_child(path: Path) -> str:
    options = ExtractOptions(ocr_cache_dir=path.parent / f"child-{os.getpid()}-{time.perf_counter_ns()}")
    return ocr_image(path, options)[0].text


@needs_tesseract
@needs_font
@pytest.mark.ocr
@pytest.mark.timeout(180)
def test_ocr_works_inside_worker_processes(tmp_path: Path, short_page: Path) -> None:
    """As in a Prefect process task runner (non-daemonic) and multiprocessing.Pool (daemonic),
    forked after this process already has OCR workers: no hang, same text."""
    context = multiprocessing.get_context("fork")
    ocr_image(short_page, ExtractOptions(ocr_cache_dir=tmp_path / "parent"))  # parent pool is up
    with ProcessPoolExecutor(1, mp_context=context) as executor:
        assert "Koordinasi" in executor.submit(_ocr_in_child, short_page).result(timeout=120)
    with context.Pool(1) as pool:
        assert "Koordinasi" in pool.apply(_ocr_in_child, (short_page,))


_KILLED_PARENT = """
import os, signal, sys
from pathlib import Path
from core.settings import ExtractOptions
from extractors.ocr import pool as ocr_pool
from extractors.ocr.reader import ocr_image
ocr_image(Path(sys.argv[1]), ExtractOptions(ocr_cache_dir=Path(sys.argv[2])))
print(" ".join(str(p.pid) for p in ocr_pool._executors[2]._processes.values()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path, short_page: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    out = tmp_path / "pids.txt"
    with out.open("w") as sink:  # a file, not a pipe: orphans must not keep the call waiting
        subprocess.run(
            [sys.executable, "-c", _KILLED_PARENT, str(short_page), str(tmp_path / "cache")],
            cwd=repo,
            stdout=sink,
            stderr=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
    pids = [int(pid) for pid in out.read_text().split()]
    assert pids, "the child did not report its OCR workers"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids)


def test_ocr_page_round_trips_through_json() -> None:
    page = OcrPage(text="Pasal 1", confidence=88.5, rotated=90, cached=True)
    assert OcrPage.model_validate_json(page.model_dump_json()) == page


@needs_tesseract
@needs_font
@pytest.mark.ocr
def test_one_ocr_worker_reads_in_process_without_a_pool(tmp_path: Path, short_page: Path) -> None:
    """What an extraction worker of a run gets (ocr_workers=1): no nested OCR pool is started."""
    from extractors.ocr import pool as ocr_pool

    before = dict(ocr_pool._executors)
    [page] = ocr_image(short_page, ExtractOptions(ocr_cache_dir=tmp_path / "cache", ocr_workers=1))
    assert page.error is None and "Koordinasi" in page.text
    assert ocr_pool._executors.keys() == before.keys() and 1 not in ocr_pool._executors
