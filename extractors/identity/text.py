"""Text helpers for identity detection: clean lines, OCR digit repair, Indonesian dates, casing.

Everything here is pure string work shared by ``identity_heading`` and ``identity_signature``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches

from core.models import PageText, TextMethod

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "nopember": 11,
    "november": 11,
    "desember": 12,
}
# Short forms seen in tables and letters ("2 Jan 2018", "Okt.").
_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agust": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nop": 11,
    "nov": 11,
    "des": 12,
}
# Words written in lower case inside a title (conjunctions and prepositions, as in UU 12/2011).
SMALL_WORDS = frozenset(
    "dan atau di ke dari pada dalam untuk bagi tentang atas serta yang dengan oleh terhadap "
    "antara melalui sebagai secara kepada daripada sampai hingga".split()
)
# Acronyms common in Indonesian government titles; more are learnt from each document's body.
KNOWN_ACRONYMS = frozenset(
    "SPBE SOP TIK TI OPD SKPD DPRD RI UPT UPTD PPID JDIH APBD APBN NIK KTP BUMD ASN PNS CSIRT "
    "SDM RPJMD RPJMN IT ICT BPS BSSN LPSE PTSP DPMPTSP BAPPEDA SIPKD RITIK SIPD PPN".split()
)
_ROMAN = re.compile(r"^(?=[IVXLC]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:-\s*\d{1,4}\s*-|\d{1,4}|[ivxlc]{1,6}|halaman\s*\|?\s*\d{1,4}|page\s+\d+)\s*$", re.I
)
_YEAR_TOKEN = re.compile(r"\b[12OoIlL|][0-9OoIlLSi|]{3}\b")


@dataclass(frozen=True)
class Line:
    """One non-empty line of a page with how reliable its page's text is."""

    page: int
    text: str
    quality: float  # 1.0 for born-digital text, lower for OCR (mean word confidence / 100)


def page_quality(page: PageText) -> float:
    """How far to trust text from this page: OCR confidence scaled, text layers near 1."""
    if page.method is TextMethod.ocr:
        conf = page.ocr_confidence if page.ocr_confidence is not None else 60.0
        return max(0.1, min(1.0, conf / 100.0)) * 0.9
    return 1.0


def _running_headers(pages: list[PageText]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (running headers and footers)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [ln.strip() for ln in page.text.splitlines() if ln.strip()]
        edge = set(lines[:2] + lines[-2:])
        counts.update(re.sub(r"\s+\S{1,6}$", "", ln) for ln in edge)
    threshold = max(3, len(pages) // 2)
    return {text for text, n in counts.items() if n >= threshold and len(text) > 6}


def document_lines(pages: list[PageText], *, keep_headers: bool = False) -> list[Line]:
    """All non-empty lines in reading order, without page numbers (and running headers)."""
    headers = set() if keep_headers else _running_headers(pages)
    lines: list[Line] = []
    for page in pages:
        quality = page_quality(page)
        # soft hyphens replaced per page, not per line: neither is a line break
        for raw in page.text.replace("\ufffe", "-").replace("\u00ad", "-").splitlines():
            text = " ".join(raw.split())
            if not text or _PAGE_NUMBER.match(text):
                continue
            if headers and _without_last_short_word(text) in headers:
                continue
            lines.append(Line(page.number, text, quality))
    return lines


def _without_last_short_word(text: str) -> str:
    """``re.sub(r"\\s+\\S{1,6}$", "", text)`` for a line whose whitespace is single spaces and
    not at its ends (``document_lines`` joins the words so), without an expression tried at
    every space: the header test ran on every line of documents with running headers."""
    head, space, last = text.rpartition(" ")
    return head if space and len(last) <= 6 else text


def fix_ocr_digits(text: str) -> str:
    """Repair year-like tokens where OCR read digits as letters ("2OL9" -> "2019", "202l")."""

    def repair(match: re.Match[str]) -> str:
        token = match.group(0)
        if sum(ch.isdigit() for ch in token) < 2:
            return token
        fixed = token.translate(str.maketrans("OoIlL|iS", "00111115"))
        return fixed if fixed.isdigit() and 1900 <= int(fixed) <= 2099 else token

    glued = re.sub(r"(?<=[A-Za-z])(?=[12][0-9OoIlL|]{3}\b)", " ", text)  # "Januari2021"
    return _YEAR_TOKEN.sub(repair, glued)


def parse_month(word: str) -> int | None:
    """Month number of an Indonesian (or English) month name, tolerant of OCR noise."""
    key = re.sub(r"[^a-z]", "", word.lower().translate(str.maketrans("0156", "olsb")))
    if not key:
        return None
    if key in MONTHS:
        return MONTHS[key]
    if key in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[key]
    if len(key) < 4:
        return None
    close = get_close_matches(key, list(MONTHS), n=1, cutoff=0.72)
    return MONTHS[close[0]] if close else None


_DATE = re.compile(r"(\d{1,2})\s*[.\-/ ]?\s*([A-Za-z0][A-Za-z0-9.]{2,11}?)\s*[.,]?\s*((?:19|20)\d\d)\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)\b")


def find_date(text: str) -> date | None:
    """First valid day-month-year date in ``text`` ("31 Agustus 2021", "12 Juni 2Ol9")."""
    fixed = fix_ocr_digits(text)
    for match in _DATE.finditer(fixed):
        month = parse_month(match.group(2))
        if month is None:
            continue
        try:
            return date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            continue
    for match in _NUMERIC_DATE.finditer(fixed):
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            continue
    return None


def find_year(text: str) -> int | None:
    """A plausible year (1945-2099) in ``text`` after OCR digit repair."""
    match = re.search(r"\b(19[4-9]\d|20\d\d)\b", fix_ocr_digits(text))
    return int(match.group(1)) if match else None


def is_upper(text: str) -> bool:
    """True when the letters of ``text`` are (nearly) all capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def is_title_like(text: str) -> bool:
    """Every word capitalised except conjunctions and prepositions, as in a heading or office."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and all(w[0].isupper() or w.lower() in SMALL_WORDS for w in words)


def collect_acronyms(lines: list[Line]) -> set[str]:
    """Tokens the document writes in capitals on their own inside ordinary sentences ("(OPD)").

    A run of several capitalised words in a sentence is emphasis or a name ("KARMA SIMANIS"),
    not an acronym, so only isolated capitalised tokens count.
    """
    upper: Counter[str] = Counter()
    others: list[str] = []  # tokens not counted as capitals, counted (upper-cased) at the end
    for line in lines:
        if not _mostly_lower(line.text):
            continue
        tokens = _ASCII_WORD.findall(line.text)
        if _TWO_CAPITALS.search(line.text) is None:  # most lines: no token of two capitals or more
            others += tokens
            continue
        for i, token in enumerate(tokens):
            if not token.isupper() or len(token) < 2:
                others.append(token)
                continue
            neighbours = tokens[max(0, i - 1) : i] + tokens[i + 1 : i + 2]
            if len(token) <= 6 and not any(n.isupper() and len(n) > 1 for n in neighbours):
                upper[token] += 1
    other = Counter(map(str.upper, others))
    return {tok for tok, n in upper.items() if n > other[tok]} | set(KNOWN_ACRONYMS)


_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _mostly_lower(text: str) -> bool:
    """Letters in ``text``, at least half of them lower case (an ordinary sentence).

    ASCII lines (nearly all) are counted by ``bytes.translate`` rather than character by
    character in Python: collecting acronyms read every character of every document twice
    (~4 % of a text job). For ASCII, ``isalpha`` is [A-Za-z] and ``islower`` [a-z].
    """
    if text.isascii():
        raw = text.encode("ascii")
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        lower = len(raw) - len(raw.translate(None, _ASCII_LOWER))
        return bool(letters) and lower >= 0.5 * letters
    letters_list = [ch for ch in text if ch.isalpha()]
    return bool(letters_list) and sum(ch.islower() for ch in letters_list) >= 0.5 * len(letters_list)


def _case_word(word: str, first: bool, acronyms: set[str]) -> str:
    core = re.sub(r"[^A-Za-z]", "", word)
    if not core:
        return word
    if core.upper() in acronyms or _ROMAN.match(core.upper()) and len(core) > 1:
        return word.upper()
    if "/" in word and all(len(part) <= 2 for part in re.findall(r"[A-Za-z]+", word)):
        return word.upper()  # "AK/I", "K/L"
    if not first and word.lower() in SMALL_WORDS:
        return word.lower()
    # capitalise each part of "E-GOVERNMENT", "ELEKTRONIK/E-PLANNING", "A.A"
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), word)


def title_case(text: str, acronyms: set[str] | None = None) -> str:
    """Normal case for an all-caps title, as the labels write it; mixed case is kept."""
    text = tidy_spaces(text)
    if not is_upper(text):
        return text
    known = acronyms if acronyms is not None else set(KNOWN_ACRONYMS)
    words = text.split(" ")
    out = [_case_word(w, i == 0, known) for i, w in enumerate(words)]
    return " ".join(out)


def tidy_spaces(text: str) -> str:
    """One space between words; none inside brackets or before punctuation."""
    text = " ".join(text.split())
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+([),.;:])", r"\1", text)
    return text.strip(" ,;:")
