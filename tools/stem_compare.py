"""PySastrawi stems against the ``id`` lemma table of spacy-lookups-data, on affixed forms of regulations.

Why bukti stems with PySastrawi (``rules/stems.py``) rather than spaCy's lookup lemmas: for
each form below (active ``me-``, passive ``di-`` and nominal ``pe-an`` forms of verbs that
Indonesian regulations use), the expected root is given; the script prints, per stemmer, how
many forms it brings to that root, and the forms the lookup table misses, grouped by prefix
(docs/generalisation.md)::

    python tools/stem_compare.py
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rules.stems import stem  # noqa: E402

# root: its active, passive and nominal forms
FORMS = {
    "terap": ("menerapkan", "diterapkan", "penerapan"),
    "kelola": ("mengelola", "dikelola", "pengelolaan"),
    "unggah": ("mengunggah", "diunggah", "pengunggahan"),
    "bangun": ("membangun", "dibangun", "pembangunan"),
    "susun": ("menyusun", "disusun", "penyusunan"),
    "tetap": ("menetapkan", "ditetapkan", "penetapan"),
    "atur": ("mengatur", "diatur", "pengaturan"),
    "laksana": ("melaksanakan", "dilaksanakan", "pelaksanaan"),
    "guna": ("menggunakan", "digunakan", "penggunaan"),
    "sedia": ("menyediakan", "disediakan", "penyediaan"),
    "kembang": ("mengembangkan", "dikembangkan", "pengembangan"),
    "rencana": ("merencanakan", "direncanakan", "perencanaan"),
    "awas": ("mengawasi", "diawasi", "pengawasan"),
    "layan": ("melayani", "dilayani", "pelayanan"),
    "lindung": ("melindungi", "dilindungi", "perlindungan"),
    "kendali": ("mengendalikan", "dikendalikan", "pengendalian"),
    "ukur": ("mengukur", "diukur", "pengukuran"),
    "pantau": ("memantau", "dipantau", "pemantauan"),
    "simpan": ("menyimpan", "disimpan", "penyimpanan"),
    "olah": ("mengolah", "diolah", "pengolahan"),
    "sah": ("mengesahkan", "disahkan", "pengesahan"),
    "bentuk": ("membentuk", "dibentuk", "pembentukan"),
    "tugas": ("menugaskan", "ditugaskan", "penugasan"),
    "kirim": ("mengirimkan", "dikirimkan", "pengiriman"),
    "integrasi": ("mengintegrasikan", "diintegrasikan", "pengintegrasian"),
}


def lookup_table() -> dict[str, str]:
    """spacy-lookups-data's ``id`` lemma table (form -> lemma)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "id_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    return table


def main() -> int:
    table = lookup_table()
    pairs = [(form, root) for root, forms in FORMS.items() for form in forms]
    sastrawi_misses = [form for form, root in pairs if stem(form) != root]
    lookup_misses = [form for form, root in pairs if table.get(form, form) != root]
    print(f"{len(pairs)} affixed forms of {len(FORMS)} roots")
    print(f"PySastrawi (rules.stems.stem): {len(pairs) - len(sastrawi_misses)} to the root, "
          f"missed {len(sastrawi_misses)}: {', '.join(sastrawi_misses) or '-'}")
    print(f"spacy-lookups-data id table:   {len(pairs) - len(lookup_misses)} to the root, "
          f"missed {len(lookup_misses)}: {', '.join(lookup_misses) or '-'}")
    by_prefix = Counter(form[:2] for form in lookup_misses)
    print("lookup misses by prefix: " + ", ".join(f"{p}- {n}" for p, n in sorted(by_prefix.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
