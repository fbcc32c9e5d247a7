"""Peak memory of assessing each hostile file: zip-bomb Office packages, blank-page PDFs.

Each file is extracted in a fresh process (``extract_document``, as a batch run's worker
does), so the figure is that file's own peak resident set size (``ru_maxrss``), imports
included. The bar for every file is < 1 GB. Used for docs/reliability.md::

    python benchmarks/hostile_rss.py            # builds the samples in a temporary folder
    python benchmarks/hostile_rss.py --keep DIR # ...or in DIR, kept for a second look
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import hostile_samples as samples  # noqa: E402

LIMIT_MB = 1000.0

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from core.settings import ExtractOptions, OcrMode
from extractors.api import extract_document
started = time.perf_counter()
doc = extract_document(Path(sys.argv[1]), ExtractOptions(ocr=OcrMode.never))
print(json.dumps({"status": doc.status.value, "issues": len(doc.issues),
                  "first_issue": doc.issues[0].message[:90] if doc.issues else "",
                  "seconds": round(time.perf_counter() - started, 2),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SAMPLES: dict[str, Callable[[Path], Path]] = {
    "docx-media-2GiB.docx": samples.docx_media_bomb,
    "docx-xml-1GiB.docx": samples.docx_xml_bomb,
    "odt-xml-1GiB.odt": samples.odt_bomb,
    "blank-3000.pdf": lambda p: samples.blank_pdf(p, 3000),
    "baseline.docx": lambda p: samples.make_docx(p, "Peraturan Wali Kota tentang SPBE"),
}


def measure(path: Path) -> dict[str, object]:
    """Extract ``path`` in a fresh interpreter; its status and peak RSS."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=REPO, capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        return {"status": f"crashed (exit {out.returncode})", "peak_mb": float("nan"),
                "first_issue": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the samples here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bukti-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    worst = 0.0
    print(f"{'file':24} {'size MB':>8} {'status':10} {'peak RSS MB':>12} {'s':>6}  first issue")
    for name, build in SAMPLES.items():
        path = folder / name
        if not path.exists():
            started = time.perf_counter()
            build(path)
            print(f"# built {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        result = measure(path)
        peak = float(result["peak_mb"])  # type: ignore[arg-type]
        worst = max(worst, peak)
        print(f"{name:24} {path.stat().st_size / 1e6:8.1f} {result['status']!s:10} {peak:12.0f} "
              f"{result.get('seconds', '-')!s:>6}  {result.get('first_issue', '')}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    print(f"worst peak RSS: {worst:.0f} MB (limit {LIMIT_MB:.0f} MB)")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
