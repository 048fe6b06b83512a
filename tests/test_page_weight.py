"""What a phone downloads to open the seed statement, counted from the requests Chromium
actually makes on a first visit (a static host's gzip, as benchmarks/page_weight.py
serves it): at most 70 kB on the wire, and nothing from any other host."""
from __future__ import annotations

import pytest

from benchmarks.page_weight import first_load, gzip_host

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "statements/stop-the-genocide-in-gaza/"
BUDGET = 70_000


@pytest.fixture(scope="module")
def loads(browser, built_site):
    with gzip_host(built_site) as (base, host):
        yield {lang: first_load(browser, base, host, prefix + SEED) for lang, prefix in (("en", ""), ("ar", "ar/"))}


def test_the_seed_statement_loads_within_budget(loads):
    load = loads["en"]
    listing = "\n".join(f"{r.url}: {r.wire} B" for r in load.requests)
    assert load.wire <= BUDGET, f"{load.wire} B on the wire:\n{listing}"
    assert all(r.wire > 0 for r in load.requests), listing  # every request was served and counted


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_third_party_request_and_no_theme_bundle(loads, lang):
    load = loads[lang]
    assert load.third_party == []
    # Material's JavaScript bundle is not what reading needs (overrides/base.html).
    assert not [r.url for r in load.requests if "/assets/javascripts/" in r.url]
    assert not [r.url for r in load.requests if r.url.endswith((".woff", ".woff2", ".ttf", ".otf"))]
