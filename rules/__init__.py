"""Rule packs and the rule engine: from extracted documents to cited level proposals.

Public API: :func:`load_rule_pack`, :func:`available_packs` (rules.loader),
:func:`propose_levels`, :func:`propose_for_document` (rules.engine) and
:func:`compute_index` (rules.scoring). Packs live in ``rules/packs/<name>/``.
"""
