"""How far the corpus' Office/ODF packages inflate: the figure behind ``package_max_ratio``.

``extractors.formats.zipparts.check_package`` refuses a package when a part above 1 MiB
inflates more than ``BUKTI_PACKAGE_MAX_RATIO`` times (default 200x). This prints, for every
DOCX/XLSX/PPTX/ODT/ODS/ODP file of a folder, its declared uncompressed total and its highest
ratio, over all parts and over the parts the limit looks at, then the highest of each, so the
margin between real documents and the limit is a printed number (docs/reliability.md)::

    python tools/package_ratios.py --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}
RATIO_MIN_BYTES = 1 << 20  # as extractors.formats.zipparts._RATIO_MIN_BYTES


def ratios(path: Path) -> tuple[int, float, float]:
    """(declared total bytes, highest ratio of any part, highest ratio of a part above 1 MiB)."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    def ratio(info: zipfile.ZipInfo) -> float:
        return info.file_size / max(info.compress_size, 1)
    every = max((ratio(i) for i in infos), default=0.0)
    large = max((ratio(i) for i in infos if i.file_size > RATIO_MIN_BYTES), default=0.0)  # 0: none
    return sum(i.file_size for i in infos), every, large


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    highest_any, highest_large = 0.0, 0.0
    print(f"{'total MB':>9} {'any part':>9} {'part>1MiB':>10}  file")
    for path in files:
        try:
            total, every, large = ratios(path)
        except zipfile.BadZipFile as e:
            print(f"{'-':>9} {'-':>9} {'-':>10}  {path.relative_to(args.corpus)} (not a ZIP: {e})")
            continue
        highest_any, highest_large = max(highest_any, every), max(highest_large, large)
        print(f"{total / 1e6:9.1f} {every:8.0f}x {large:9.0f}x  {path.relative_to(args.corpus)}")
    large_text = f"{highest_large:.0f}x" if highest_large else "none (no part above 1 MiB)"
    print(f"{len(files)} packages; highest ratio of any part {highest_any:.0f}x, "
          f"of a part above 1 MiB {large_text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
