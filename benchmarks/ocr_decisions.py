"""The per-page "text layer or OCR?" decision on every corpus PDF page, now against another version.

Reproduce::

    python benchmarks/ocr_decisions.py [--corpus ../shared/corpus] [--baseline REF] [--show N]

Reads every page's text layer as the PDF extractor does (``_read_pages``) and asks
:func:`extractors.quality.needs_ocr` in ``auto`` mode, with the page's image and OCR-layer facts.
With ``--baseline REF`` the same pages are judged by bukti as of a git commit (exported to a
temporary folder and run in its own process), and every page whose decision differs is listed with
the noisy words each side counted: this is how a change to the OCR-noise lexicon or the noise
patterns is checked against the corpus. Prints a summary and exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Run in the checkout under test (this tree, or an exported baseline): one JSON line per page.
_JUDGE = r"""
import json, sys
from pathlib import Path
from core.settings import OcrMode
from extractors.formats.pdf import _read_pages
from extractors.quality import is_noisy_word, needs_ocr
for name in sys.argv[1:]:
    texts, layouts, _ = _read_pages(Path(name))
    for number, (text, layout) in enumerate(zip(texts, layouts), start=1):
        ocr, reason = needs_ocr(text, OcrMode.auto, has_images=layout.images > 0, ocr_layer=layout.ocr_layer)
        noisy = [w for w in text.split() if is_noisy_word(w)]
        print(json.dumps({"file": name, "page": number, "ocr": ocr, "reason": reason,
                          "ocr_layer": layout.ocr_layer, "noisy": noisy}))
"""


def judge(checkout: Path, files: list[Path]) -> dict[tuple[str, int], dict]:
    """Decision per (file, page) as the code in ``checkout`` makes it."""
    out = subprocess.run([sys.executable, "-c", _JUDGE, *map(str, files)], cwd=checkout,
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {(row["file"], row["page"]): row for row in rows}


def _checkout(ref: str, into: Path) -> Path:
    """``ref`` of this repository exported to ``into`` (never touches the working tree)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _summary(label: str, rows: dict[tuple[str, int], dict]) -> str:
    ocr = sum(row["ocr"] for row in rows.values())
    noise = sum(row["ocr"] and "noise" in row["reason"] for row in rows.values())
    words = sum(len(row["noisy"]) for row in rows.values())
    return (f"{label}: {len(rows)} pages, {ocr} to OCR ({noise} for OCR-layer noise), "
            f"{words} noisy words counted")


def _differences(new: dict, old: dict, show: int) -> list[str]:
    lines = []
    for key in sorted(new):
        a, b = old.get(key), new[key]
        if a is None or a["ocr"] == b["ocr"]:
            continue
        lines.append(f"{Path(key[0]).name} p{key[1]}: OCR {a['ocr']} -> {b['ocr']} "
                     f"({a['reason']} -> {b['reason']})")
        lines.append(f"    noisy before: {' '.join(a['noisy'][:show])}")
        lines.append(f"    noisy now:    {' '.join(b['noisy'][:show])}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--baseline", help="git commit to compare the decisions with")
    parser.add_argument("--show", type=int, default=12, help="noisy words shown per differing page")
    args = parser.parse_args()
    files = sorted(args.corpus.resolve().rglob("*.pdf"))
    if not files:
        sys.exit(f"no PDF under {args.corpus}")
    new = judge(REPO, files)
    print(_summary("this tree", new))
    if args.baseline:
        with tempfile.TemporaryDirectory() as tmp:
            old = judge(_checkout(args.baseline, Path(tmp) / "baseline"), files)
        print(_summary(args.baseline, old))
        diff = _differences(new, old, args.show)
        print(f"pages whose decision differs: {len(diff) // 3}")
        print("\n".join(diff))


if __name__ == "__main__":
    main()
