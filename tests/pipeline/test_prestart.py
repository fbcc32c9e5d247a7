"""The fork server started early for big folders: only for them, and never outliving the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from processes import alive

from pipeline.prestart import (
    DEFAULT_FRAMEWORK,
    PRELOAD_PACKS,
    SMALL_FOLDER_FILES,
    _enough_files,
    assess_folder_argument,
    assess_framework_argument,
)

REPO = Path(__file__).resolve().parents[2]


def _folder(tmp_path: Path, files: int) -> Path:
    folder = tmp_path / f"f{files}"
    (folder / "sub").mkdir(parents=True)
    for i in range(files):
        (folder / ("sub" if i % 2 else "") / f"{i}.txt").write_text("x")
    return folder


def test_enough_files_counts_nested_files_up_to_the_threshold(tmp_path: Path) -> None:
    enough = _folder(tmp_path, SMALL_FOLDER_FILES)
    assert _enough_files(enough)
    assert not _enough_files(_folder(tmp_path, SMALL_FOLDER_FILES - 1))
    assert not _enough_files(tmp_path / "missing")
    assert not _enough_files(enough / "0.txt")  # a file, not a folder


@pytest.mark.parametrize(("args", "folder"), [
    (["assess", "bukti/kota"], "bukti/kota"),
    (["assess", "--region", "Kota X", "--year", "2026", "bukti", "--ocr", "never"], "bukti"),
    (["assess", "--db", "sqlite:///x.db", "--framework", "pemdi-2026", "--prefect", "-v", "f"], "f"),
    (["assess", "--db=sqlite:///x.db", "--allow-empty", "f"], "f"),
    (["assess", "--", "-folder-with-a-dash"], "-folder-with-a-dash"),
    (["assess", "--region", "r"], None),
    (["report", "bukti"], None),
    ([], None),
])
def test_assess_folder_argument_finds_the_folder_of_an_assess_command_line(
    args: list[str], folder: str | None
) -> None:
    found = assess_folder_argument(args)
    assert (str(found) if found is not None else None) == folder


_SCRIPT = """
import sys
from multiprocessing import forkserver
from pathlib import Path
from pipeline.prestart import start_fork_server_early
from pipeline import workers
started = start_fork_server_early(Path(sys.argv[1]))
pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
print(started, pid, flush=True)
workers.shutdown()  # no pool was used: the early server is stopped, not waited for
"""


@pytest.mark.parametrize("workers_env", [None, "0"])
def test_early_fork_server_only_for_big_folders_and_stopped_without_a_pool(
    tmp_path: Path, workers_env: str | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BUKTI_WORKERS"}
    if workers_env is not None:
        env["BUKTI_WORKERS"] = workers_env
    big, small = _folder(tmp_path, 12), _folder(tmp_path, 3)
    for folder, expect in ((big, workers_env is None), (small, False)):
        out = subprocess.run([sys.executable, "-c", _SCRIPT, str(folder)], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=60, check=True).stdout.split()
        assert out[0] == str(expect)
        if expect:
            pid = int(out[1])
            # the server was preloading (~2 s of imports): terminated and reaped before exit
            assert not alive(pid)
        else:
            assert out[1] == "None"  # no server at all


def test_assess_value_options_are_the_assess_commands_options_that_take_a_value() -> None:
    # prestart reads the command line before cli.assess is imported, from a hand-kept list:
    # an option added there that takes a value must be added here too, or its value reads as the folder
    import typer.main

    from cli.assess import assess
    from pipeline.prestart import ASSESS_VALUE_OPTIONS

    command = typer.main.get_command_from_info(typer.models.CommandInfo(callback=assess),
                                               pretty_exceptions_short=True, rich_markup_mode=None)
    options = [p for p in command.params if p.opts[0].startswith("-")]
    taking_value = {name for p in options if not getattr(p, "is_flag", False) for name in p.opts}
    assert taking_value == set(ASSESS_VALUE_OPTIONS)


@pytest.mark.parametrize(("args", "framework"), [
    (["assess", "f"], DEFAULT_FRAMEWORK),
    (["assess", "--framework", "pemdi-2026", "f"], "pemdi-2026"),
    (["assess", "--framework=pemdi-2026", "f"], "pemdi-2026"),
    (["assess", "--", "--framework"], DEFAULT_FRAMEWORK),
])
def test_assess_framework_argument(args: list[str], framework: str) -> None:
    assert assess_framework_argument(args) == framework


def test_the_default_framework_is_the_assess_command_s() -> None:
    import inspect

    from cli.assess import assess
    from pipeline.models import AssessOptions

    assert inspect.signature(assess).parameters["framework"].default == DEFAULT_FRAMEWORK
    assert AssessOptions.model_fields["framework"].default == DEFAULT_FRAMEWORK


_PRELOAD_SCRIPT = """
import json, sys
from pipeline import jobs
from rules.loader import available_packs
jobs.preload_packs()
print(json.dumps([sorted(f for f, _ in jobs._packs), sorted(available_packs()), "spacy.cli" in sys.modules]))
"""


@pytest.mark.parametrize("named", [None, "pemdi-2026"])
def test_the_fork_server_preloads_the_named_pack_only(named: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != PRELOAD_PACKS}
    if named:
        env[PRELOAD_PACKS] = named
    lean = "from rules.lean_spacy import import_spacy_without_cli\nimport_spacy_without_cli()\n"
    script = lean + _PRELOAD_SCRIPT
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.strip()
    loaded, available, cli_imported = json.loads(out)
    assert loaded == ([named] if named else available)
    assert len(available) >= 2
    assert not cli_imported  # spaCy compiled the packs without importing its command-line interface


def test_the_flow_process_imports_neither_spacy_nor_the_ocr_stack() -> None:
    """What a run's flow process imports: its workers match and OCR, it only stores and scores."""
    code = ("import json, sys; import cli.main, cli.assess, pipeline.assess, pipeline.run, "
            "pipeline.finalize, pipeline.incremental, pipeline.codec; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'spacy', 'numpy', 'pytesseract', 'Sastrawi'})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         timeout=120).stdout
    assert json.loads(out) == []


def test_the_fork_server_preloads_every_extractor() -> None:
    """What the workers would otherwise each import at their first document of a kind (but not
    pdfplumber, which a run without PDF tables never needs)."""
    code = ("import json, sys; import pipeline.worker_preload; from extractors.formats.table import FORMATS; "
            "wanted = {f.extractor for f in FORMATS.values() if f.extractor}; "
            "print(json.dumps([sorted(wanted - set(sys.modules)), 'pdfplumber' in sys.modules]))")
    env = {**os.environ, PRELOAD_PACKS: DEFAULT_FRAMEWORK}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    missing, pdfplumber = json.loads(out)
    assert missing == []
    assert not pdfplumber  # PDF tables only: imported by the job that wants them


_BEFORE_TYPER_SCRIPT = """
import sys
sys.argv = ["bukti", "assess", sys.argv[1], "--ocr", "never"]
import pipeline.prestart as prestart
seen = []
def record(folder, framework=None):
    seen.append("typer" in sys.modules)  # not started: only where, not whether
    return False
prestart.start_fork_server_early = record
import cli.main
print(seen)
"""


def test_bukti_assess_starts_the_fork_server_before_importing_typer(tmp_path: Path) -> None:
    # the preload is a cold run's critical path: typer's import and command building (~0.1 s) come after
    out = subprocess.run([sys.executable, "-c", _BEFORE_TYPER_SCRIPT, str(_folder(tmp_path, 12))], cwd=REPO,
                         capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    assert out == "[False]"


def test_bukti_assess_with_workers_runs_its_jobs_in_them(example_folder: Path, tmp_path: Path) -> None:
    """Each worker imports ``cli.main`` again (multiprocessing's ``__mp_main__``) with the run's
    command line: starting a fork server from there would kill every worker at its start."""
    for pdf in sorted(example_folder.glob("*.pdf")):
        for copy in ("a", "b"):  # other contents: files to extract, enough for a pool
            (example_folder / f"{copy}-{pdf.name}").write_bytes(pdf.read_bytes() + f"\n%{copy}\n".encode())
    env = {**os.environ, "BUKTI_HOME": str(tmp_path / "home"), "BUKTI_WORKERS": "2"}
    done = subprocess.run([sys.executable, "-m", "cli.main", "assess", str(example_folder), "--ocr", "never",
                           "--db", f"sqlite:///{tmp_path / 'bukti.db'}", "--region", "Kota Sukamaju",
                           "--year", "2024"], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    output = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 0, output[-3000:]
    assert "Traceback" not in output and " 0 gagal" in output, output[-3000:]
