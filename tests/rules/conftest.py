"""Fixtures for rule tests: the shipped packs and hand-built documents (PageText by hand)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rule_texts import build_document

from core.models import ExtractedDocument
from rules.loader import load_rule_pack
from rules.schema import RulePack


@pytest.fixture(scope="session")
def spbe_pack() -> RulePack:
    return load_rule_pack("spbe-2020")


@pytest.fixture(scope="session")
def pemdi_pack() -> RulePack:
    return load_rule_pack("pemdi-2026")


@pytest.fixture()
def make_document() -> Callable[..., ExtractedDocument]:
    return build_document
