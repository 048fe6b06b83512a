"""Link integrity for the built site and the archive's cited URLs.

- :mod:`.internal` checks every link and anchor inside a built ``site/``;
- :mod:`.sources` collects the external URLs cited in ``docs/`` with file:line;
- :mod:`.external` checks those URLs over HTTP, with :mod:`.cache` in front;
- :mod:`.command` is the ``archive check links`` command tying them together.
"""
