"""spaCy imported without its command-line interface tokenises and matches as usual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys
lean = sys.argv[1] == "lean"
if lean:
    from rules.lean_spacy import import_spacy_without_cli
    assert import_spacy_without_cli()
    assert "spacy.cli" not in sys.modules and "typer" not in sys.modules
from rules.loader import load_rule_pack
from rules.matcher import get_nlp, compile_pack, _spans
from rules.anchors import token_lowers
pack = load_rule_pack("spbe-2020")
compiled = compile_pack(pack)
text = ("Peraturan Bupati tentang Sistem Pemerintahan Berbasis Elektronik (SPBE): arsitektur SPBE, "
        "peta rencana SPBE, manajemen data dan keamanan informasi; dll. ditetapkan oleh Dr. rer. nat. X")
doc = get_nlp().make_doc(text)
spans = _spans(compiled, doc, token_lowers(doc))
out = {"tokens": [t.text for t in doc], "spans": {k: v for k, v in sorted(spans.items())},
       "cli_imported": "spacy.cli" in sys.modules}
if lean:
    import spacy
    import spacy.cli  # the real package, once asked for
    out["cli_later"] = hasattr(spacy.cli, "download")
print(json.dumps(out))
"""


def _run(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _SCRIPT, mode], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=180)
    return json.loads(out.stdout)


def test_lean_import_matches_like_the_full_one() -> None:
    lean, full = _run("lean"), _run("full")
    assert not lean["cli_imported"] and full["cli_imported"]
    assert lean["cli_later"]
    assert lean["spans"] and lean["tokens"] == full["tokens"] and lean["spans"] == full["spans"]


def test_nothing_is_done_once_spacy_is_imported() -> None:
    import spacy  # noqa: F401 - this test process imported it already

    from rules.lean_spacy import import_spacy_without_cli

    assert not import_spacy_without_cli()
