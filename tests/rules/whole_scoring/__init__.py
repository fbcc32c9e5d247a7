"""The scorer as it was before folding (commit 5ad4fb7): every document's matches at once.

A frozen copy of ``rules/engine.py``, ``criteria.py``, ``confidence.py`` and ``rationale.py``
of that commit, kept only as the reference the folded scorer (``rules/fold.py``) is compared
with in ``tests/rules/test_fold.py``. Not used by bukti itself.
"""
