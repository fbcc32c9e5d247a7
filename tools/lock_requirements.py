"""Write requirements/lock.txt: exact versions of everything ``pip install -e ".[all,dev]"`` pulls in.

The lock is taken from the environment the test suite passed in (installed distributions), not
from a fresh resolution, so it pins what was actually tested. Run after changing a dependency:

    python tools/lock_requirements.py            # rewrite requirements/lock.txt
    python tools/lock_requirements.py --check    # exit 1 when the lock misses or pins another set

Use it as a pip constraints file: ``pip install -c requirements/lock.txt -e ".[all,dev]"``.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
EXTRAS = ("all", "dev")
PROJECT = "bukti"
# Installer tooling, left out as `pip freeze` does: pinning setuptools here (some packages list it)
# would fight the build requirement in pyproject.toml whenever pip applies constraints to builds.
UNLOCKED = {"pip", "setuptools", "wheel"}
HEADER = """\
# Exact versions of everything `pip install -e ".[all,dev]"` installs, taken from the environment
# the test suite passed in. Regenerate with `python tools/lock_requirements.py`; use as constraints:
#   pip install -c requirements/lock.txt -e ".[all,dev]"
"""


def _project_requirements() -> list[Requirement]:
    """The project's requirements with the wanted extras, read from pyproject.toml."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional: dict[str, list[str]] = project["optional-dependencies"]
    wanted, pending, found = set(), list(EXTRAS), list(project["dependencies"])
    while pending:  # extras may name other extras of the project (all = bukti[ocr,postgres,...])
        extra = pending.pop()
        if extra in wanted:
            continue
        wanted.add(extra)
        for raw in optional[extra]:
            requirement = Requirement(raw)
            if canonicalize_name(requirement.name) == PROJECT:
                pending.extend(requirement.extras)
            else:
                found.append(raw)
    return [Requirement(raw) for raw in found]


def locked_versions() -> dict[str, str]:
    """Name -> installed version of the transitive closure of the project's requirements."""
    environment = default_environment()
    versions: dict[str, str] = {}
    pending = [(r, "") for r in _project_requirements()]
    seen: set[tuple[str, str]] = set()
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({**environment, "extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        for wanted_extra in {"", *requirement.extras}:
            if (name, wanted_extra) in seen:
                continue
            seen.add((name, wanted_extra))
            try:
                dist = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                sys.exit(f"{name} is required but not installed: pip install -e '.[all,dev]' first")
            versions[name] = dist.version
            pending.extend((Requirement(raw), wanted_extra) for raw in dist.requires or [])
    return {name: version for name, version in versions.items() if name not in UNLOCKED}


def render(versions: dict[str, str]) -> str:
    return HEADER + "".join(f"{name}=={version}\n" for name, version in sorted(versions.items()))


def read_lock(text: str) -> dict[str, str]:
    pins = (re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line.strip()) for line in text.splitlines())
    return {canonicalize_name(m.group(1)): m.group(2) for m in pins if m}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    versions = locked_versions()
    if not args.check:
        LOCK.parent.mkdir(exist_ok=True)
        LOCK.write_text(render(versions), encoding="utf-8")
        print(f"{LOCK.relative_to(ROOT)}: {len(versions)} packages")
        return 0
    locked = read_lock(LOCK.read_text(encoding="utf-8"))
    missing, extra = sorted(versions.keys() - locked.keys()), sorted(locked.keys() - versions.keys())
    if missing or extra:
        print(f"lock out of date: missing {missing}, not needed {extra}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
