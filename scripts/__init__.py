"""The archive's own logic: content model, citations, translations, checks.

Nothing in this package imports MkDocs; the MkDocs adapters live in
``overrides/hooks/``.
"""
