"""Load and validate rule packs from ``rules/packs/<name>/`` (or any directory).

A pack directory holds ``pack.yaml``, optionally ``rules/*.yaml`` (read in name order) and
optionally ``confidence.yaml`` (fitted confidence weights, ``rules/confidence_model.py``).
Validation collects *every* problem, schema and semantic, each with its file and location
(``rules/d1.yaml: indicator_rules -> 0 -> levels -> 3 -> criteria -> 0: unknown key 'lowr'``),
and raises them together as one :class:`core.errors.RulePackError`.

A validated pack is kept per process, keyed by its directory and the bytes of its files: a
run asks for its pack in several places (run context, workers, finalize, report), and parsing
~110 kB of YAML and validating it costs ~0.3 s each time. An edited file is a new key.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from core.errors import RulePackError
from rules.checks import check_pack
from rules.confidence_model import confidence_file_problems
from rules.schema import CRITERION_KINDS, PackFile, RulePack, RulesFile

PACKS_DIR = Path(__file__).resolve().parent / "packs"
PACK_FILE = "pack.yaml"
RULES_DIR = "rules"
# libyaml's loader when PyYAML was built with it (~10x faster, same data), else the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CACHE_SIZE = 8  # packs kept per process (tests load many small packs)

_cache: dict[tuple[str, str], RulePack] = {}
_File = TypeVar("_File", PackFile, RulesFile)
_cache_lock = threading.Lock()


def available_packs() -> list[str]:
    """Names of the packs shipped in ``rules/packs``."""
    if not PACKS_DIR.is_dir():
        return []
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / PACK_FILE).is_file())


def load_rule_pack(name_or_path: str | Path) -> RulePack:
    """Load, validate and hash a pack given its name (``"spbe-2020"``) or its directory/pack.yaml.

    The returned pack is shared by the callers of this process: treat it as read-only.
    """
    directory = _resolve(name_or_path)
    key = (str(directory), _files_digest(directory))
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    pack = _load(directory)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = pack
    return pack


def _files_digest(directory: Path) -> str:
    """sha256 over the names and bytes of the pack's files (unreadable files count as missing)."""
    digest = hashlib.sha256()
    for path in [directory / PACK_FILE, *sorted((directory / RULES_DIR).glob("*.yaml"))]:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
    return digest.hexdigest()


def _load(directory: Path) -> RulePack:
    problems: list[str] = []
    pack_data = _read_yaml(directory / PACK_FILE, problems)
    pack_file = _validate(PackFile, pack_data, PACK_FILE, problems)
    rules_files: list[tuple[str, RulesFile]] = []
    for path in sorted((directory / RULES_DIR).glob("*.yaml")):
        label = f"{RULES_DIR}/{path.name}"
        parsed = _validate(RulesFile, _read_yaml(path, problems), label, problems)
        if parsed is not None:
            rules_files.append((label, parsed))
    if pack_file is not None:
        problems.extend(check_pack(pack_file, rules_files))
    problems.extend(confidence_file_problems(directory))  # fitted weights, when the pack ships them
    if problems or pack_file is None:
        raise RulePackError(_summary(directory, problems))
    rules = [r for _, f in rules_files for r in f.indicator_rules]
    pack = RulePack(**dict(pack_file), indicator_rules=rules)
    return pack.model_copy(update={"content_hash": content_hash(pack)})


def content_hash(pack: RulePack) -> str:
    """sha256 of the canonical JSON of the validated pack (formatting and comments do not count)."""
    data = pack.model_dump(mode="json", exclude={"content_hash"})
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _resolve(name_or_path: str | Path) -> Path:
    candidate = Path(name_or_path)
    if candidate.is_file() and candidate.name == PACK_FILE:
        return candidate.parent
    if candidate.is_dir() and (candidate / PACK_FILE).is_file():
        return candidate
    if isinstance(name_or_path, str) and (PACKS_DIR / name_or_path / PACK_FILE).is_file():
        return PACKS_DIR / name_or_path
    known = ", ".join(available_packs()) or "none"
    raise RulePackError(
        f"rule pack '{name_or_path}' not found: give a pack name ({known}) "
        f"or a directory containing {PACK_FILE}"
    )


def _read_yaml(path: Path, problems: list[str]) -> Any:
    label = path.name if path.name == PACK_FILE else f"{RULES_DIR}/{path.name}"
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        problems.append(f"{label}: file missing")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problems.append(f"{label}{where}: invalid YAML: {getattr(e, 'problem', e)}")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{label}: cannot read: {e}")
    return None


def _validate(model: type[_File], data: Any, label: str, problems: list[str]) -> _File | None:
    if data is None:
        if not any(p.startswith(label) for p in problems):
            problems.append(f"{label}: file is empty")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as e:
        problems.extend(f"{label}: {_format_error(err)}" for err in e.errors())
        return None


def _format_error(err: Any) -> str:
    loc = [str(part) for part in _clean_loc(tuple(err["loc"]))]
    if err["type"] == "extra_forbidden":
        key = loc.pop() if loc else "?"
        return f"{' -> '.join(loc) or '(top)'}: unknown key '{key}'"
    message = err["msg"]
    if err["type"] == "missing":
        message = "required key missing"
    return f"{' -> '.join(loc) or '(top)'}: {message}"


def _clean_loc(loc: tuple[Any, ...]) -> list[Any]:
    """Drop pydantic's union-tag parts (``criteria -> 0 -> terms -> x`` -> ``criteria -> 0 -> x``)."""
    out: list[Any] = []
    for i, part in enumerate(loc):
        is_tag = isinstance(part, str) and i > 0 and isinstance(loc[i - 1], int)
        if is_tag and (part in CRITERION_KINDS or "[" in part or part.startswith("function-")):
            continue
        out.append(part)
    return out


def _summary(directory: Path, problems: list[str]) -> str:
    lines = "\n".join(f"  - {p}" for p in problems)
    return f"rule pack {directory} has {len(problems)} problem(s); fix them and load again:\n{lines}"
