"""Offline copies of the built site: a Kiwix ZIM file, a folder readable from
``file://`` (or a .zip of it), and one PDF per statement and language.

Every export reads a built site folder (what visitors get) and the catalog
(for metadata); none of them renders Markdown again.
"""
