"""Find strings in the code and rule packs that only one corpus document needs.

A rule or extractor literal that occurs in exactly one document of the corpus is a suspect: it
may be a special case written for that document (a phrase, a misread number, a title shape)
rather than for the class of documents. The script collects

* the literals of ``rules/`` and ``extractors/`` modules that look for text (arguments of ``re``
  calls, values of UPPER_CASE constants: patterns, word lists, marker tables), split into words of
  5+ letters, multi-word phrases, and numbers of 3+ digits (regex syntax removed);
* every phrase and token of the rule packs (``phrases``, ``text_phrases``, ``title_phrases``,
  ``title_excludes``, ``patterns``), with ``{term_list}`` placeholders expanded;

then counts, for each, how many corpus documents contain it (case-insensitive, whitespace
collapsed) and prints those found in exactly one document, with file:line and the document.
A human reads the list: a common word that the corpus happens to use once is fine ("kapanewon"
is a Yogyakarta sub-district), a phrase or number of one document is not.

    BUKTI_HOME=/tmp/bukti-home python tools/special_cases.py --corpus ../shared/corpus [--max-docs 1]

Texts come from the extractors (cached like ``bukti eval``, so a second run is fast).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.settings import ExtractOptions  # noqa: E402
from extractors.discovery.archive_folder import discover_files  # noqa: E402
from pipeline.evaluate import default_cache_dir, extract_cached  # noqa: E402

PACK_KEYS = {"phrases", "text_phrases", "title_phrases", "title_excludes"}
_REGEX_NOISE = re.compile(r"\\[sSbBdDwW][+*?]?|\(\?[:=!<]+|[()\[\]{}^$+*?|\\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{4,}")
_NUMBER = re.compile(r"\d[\d./-]*\d{2,}|\d{3,}")


def corpus_texts(corpus: Path) -> dict[str, str]:
    """Lower-cased, whitespace-collapsed text of every supported document under ``corpus``."""
    texts = {}
    cache = default_cache_dir()
    for path in discover_files(corpus):
        document, _ = extract_cached(path, ExtractOptions(), cache)
        text = " ".join(" ".join(p.text for p in document.pages).split()).lower()
        texts[str(path.relative_to(corpus))] = text
    return texts


_RE_FUNCTIONS = {"compile", "match", "search", "sub", "subn", "fullmatch", "findall", "finditer", "split"}


def _constants_in(node: ast.AST) -> list[ast.Constant]:
    """String constants inside ``node``, outside f-strings (those are messages)."""
    found: list[ast.Constant] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.JoinedStr):
            continue
        if isinstance(current, ast.Constant) and isinstance(current.value, str):
            found.append(current)
        stack.extend(ast.iter_child_nodes(current))
    return found


def _is_constant_name(target: ast.AST) -> bool:
    name = target.id if isinstance(target, ast.Name) else ""
    return bool(name) and name.lstrip("_").isupper()


def _python_literals(path: Path) -> list[tuple[int, str]]:
    """Literals that look for text: arguments of ``re`` calls and values of UPPER_CASE constants
    (patterns, word lists, marker tables); messages and docstrings are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes: list[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == "re" and node.func.attr in _RE_FUNCTIONS:
                nodes += [c for arg in node.args[:1] for c in _constants_in(arg)]
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_is_constant_name(t) for t in targets):
                nodes += _constants_in(node.value)
    return sorted({(c.lineno, c.value) for c in nodes})


def _terms_of_literal(literal: str) -> set[str]:
    """Words, phrases (alternatives of a regex, spaces for \\s) and numbers a literal looks for."""
    terms: set[str] = set()
    for alternative in literal.split("|"):
        plain = " ".join(_REGEX_NOISE.sub(" ", alternative.replace(r"\s+", " ").replace(r"\s*", " ")).split())
        words = _WORD.findall(plain)
        terms.update(w.lower() for w in words)
        if len(words) >= 2 and re.fullmatch(r"[A-Za-z -]+", plain):
            terms.add(plain.lower())
        terms.update(_NUMBER.findall(alternative))
    return terms


def code_terms() -> dict[str, set[str]]:
    """term -> {"file:line", ...} for the Python literals of rules/ and extractors/."""
    found: dict[str, set[str]] = defaultdict(set)
    for folder in ("rules", "extractors"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for line, literal in _python_literals(path):
                if len(literal) > 400 or "\n" in literal.strip():
                    continue  # messages and tables of text, not patterns
                for term in _terms_of_literal(literal):
                    found[term].add(f"{path.relative_to(REPO)}:{line}")
    return found


def _expand(phrase: str, lists: dict[str, list[str]]) -> list[str]:
    match = re.search(r"\{(\w+)\}", phrase)
    if match is None:
        return [phrase]
    return [
        expanded
        for option in lists.get(match.group(1), [match.group(1)])
        for expanded in _expand(phrase[: match.start()] + option + phrase[match.end() :], lists)
    ]


def _pack_scalars(node: yaml.Node, inside: str = "") -> list[tuple[int, str]]:
    """(line, phrase) of every phrase list (PACK_KEYS) and spaCy token value (LOWER, IN) in a YAML tree."""
    found: list[tuple[int, str]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            found += _pack_scalars(value, name if name in PACK_KEYS | {"LOWER", "IN"} else inside)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _pack_scalars(item, inside)
    elif isinstance(node, yaml.ScalarNode) and inside and isinstance(node.value, str):
        found.append((node.start_mark.line + 1, node.value))
    return found


def pack_terms() -> dict[str, set[str]]:
    """phrase -> {"file:line", ...} for the rule packs (each expansion of a placeholder counts)."""
    found: dict[str, set[str]] = defaultdict(set)
    for pack in sorted((REPO / "rules" / "packs").iterdir()):
        if not (pack / "pack.yaml").is_file():
            continue
        head = yaml.safe_load((pack / "pack.yaml").read_text(encoding="utf-8"))
        lists = {name: spec.get("phrases", []) for name, spec in (head.get("term_lists") or {}).items()}
        for path in sorted(pack.rglob("*.yaml")):
            tree = yaml.compose(path.read_text(encoding="utf-8"))
            for number, phrase in _pack_scalars(tree) if tree is not None else []:
                for expanded in _expand(phrase, lists):
                    found[expanded.lower()].add(f"{path.relative_to(REPO)}:{number}")
    return found


def documents_with(term: str, texts: dict[str, str]) -> list[str]:
    needle = " ".join(term.lower().split())
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(needle)}", re.I)
    return [name for name, text in texts.items() if pattern.search(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument(
        "--max-docs", type=int, default=1, help="report terms found in at most this many documents"
    )
    args = parser.parse_args()
    texts = corpus_texts(args.corpus)
    print(f"{len(texts)} corpus documents read")
    for title, terms in (
        ("rules/*.py and extractors/**/*.py literals", code_terms()),
        ("rule packs", pack_terms()),
    ):
        rows = []
        for term, places in terms.items():
            docs = documents_with(term, texts)
            if 1 <= len(docs) <= args.max_docs:
                rows.append((sorted(places)[0], term, len(places), docs))
        print(f"\n## {title}: {len(terms)} terms, {len(rows)} found in 1..{args.max_docs} document(s)\n")
        for place, term, count, docs in sorted(rows):
            more = f" (+{count - 1} places)" if count > 1 else ""
            print(f"{place}{more}\t{term!r}\t{len(docs)} doc: {', '.join(docs)}")


if __name__ == "__main__":
    main()
