"""External URL checking against a real HTTP server on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import email.utils
import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import aiohttp.abc
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from anywhere, without an installed package
    sys.path.insert(0, str(ROOT))

from statements_archive.checks.links import sources  # noqa: E402
from statements_archive.checks.links.cache import DAY, LinkCache  # noqa: E402
from statements_archive.checks.links.external import Result, Settings, check_urls, parse_retry_after  # noqa: E402
from statements_archive.checks.links.external_problems import problems_for  # noqa: E402

TIMEOUT = 0.5  # the /slow endpoint answers after SLOW seconds
SLOW = 2.0
FAST = Settings(timeout=TIMEOUT, retries=2, backoff=0.05, host_delay=0.0, per_host=16, concurrency=32)


class Handler(BaseHTTPRequestHandler):
    """Each path is one behaviour; hits are counted per (method, path)."""

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.respond("HEAD")

    def do_GET(self):
        self.respond("GET")

    def send(self, code: int, headers: dict | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def respond(self, method: str) -> None:
        state = self.server.state
        path = self.path
        with state["lock"]:
            state["hits"][(method, path)] += 1
            hits = sum(n for (_, p), n in state["hits"].items() if p == path)
            state["times"].setdefault(path, []).append(time.monotonic())
        if self.server.refuse_head and method == "HEAD":
            return self.send(405)
        if path == "/ok":
            return self.send(200)
        if path in ("/r1", "/r2", "/r3"):
            nxt = {"/r1": (301, "/r2"), "/r2": (302, "/r3"), "/r3": (307, "/ok")}[path]
            return self.send(nxt[0], {"Location": nxt[1]})
        if path == "/missing":
            return self.send(404)
        if path == "/gone":
            return self.send(410)
        if path == "/forbidden":
            return self.send(403)
        if path == "/error500":
            return self.send(500)
        if path == "/flaky429":  # once too many requests, then fine
            return self.send(429, {"Retry-After": "1"}) if hits == 1 else self.send(200)
        if path == "/always429":
            return self.send(429, {"Retry-After": "0"})
        if path == "/busy503":  # Retry-After as an HTTP-date
            when = email.utils.formatdate(time.time() + 1, usegmt=True)
            return self.send(503, {"Retry-After": when}) if hits == 1 else self.send(200)
        if path == "/slow":
            time.sleep(SLOW)
            return self.send(200)
        if path.startswith("/hold/"):  # measures how many requests overlap
            with state["lock"]:
                state["inflight"] += 1
                state["max_inflight"] = max(state["max_inflight"], state["inflight"])
            time.sleep(0.2)
            with state["lock"]:
                state["inflight"] -= 1
            return self.send(200)
        return self.send(404)


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 drops concurrent connects
    daemon_threads = True


def start_server(refuse_head: bool = False):
    server = Server(("127.0.0.1", 0), Handler)
    server.refuse_head = refuse_head
    server.state = {"lock": threading.Lock(), "hits": Counter(), "times": {}, "inflight": 0, "max_inflight": 0}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def servers():
    main, headless = start_server(), start_server(refuse_head=True)
    yield f"http://127.0.0.1:{main.server_address[1]}", f"http://127.0.0.1:{headless.server_address[1]}", main, headless
    for server in (main, headless):
        server.shutdown()
        server.server_close()


@pytest.fixture
def refused_url() -> str:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"


def reset(server) -> None:
    with server.state["lock"]:
        server.state["hits"].clear()
        server.state["times"].clear()


@pytest.fixture(scope="module")
def first_run(servers, tmp_path_factory):
    base, headless, main, _ = servers
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{s.getsockname()[1]}/nothing"
    urls = [f"{base}{p}" for p in ("/ok", "/r1", "/missing", "/gone", "/forbidden", "/error500", "/flaky429",
                                   "/always429", "/busy503", "/slow")]
    urls += [f"{headless}/ok", refused]
    cache_file = tmp_path_factory.mktemp("cache") / "links.json"
    reset(main)
    start = time.monotonic()
    outcome = check_urls(urls, FAST, LinkCache(cache_file))
    elapsed = time.monotonic() - start
    hits = Counter(main.state["hits"])
    times = {k: list(v) for k, v in main.state["times"].items()}
    return {"outcome": outcome, "urls": urls, "base": base, "headless": headless, "refused": refused,
            "cache": cache_file, "hits": hits, "times": times, "elapsed": elapsed}


def status_of(run, path: str) -> Result:
    return run["outcome"].results[run["base"] + path]


@pytest.mark.parametrize("path, status, code", [
    ("/ok", "ok", 200),
    ("/r1", "redirected", 200),
    ("/missing", "broken", 404),
    ("/gone", "broken", 410),
    ("/forbidden", "blocked", 403),
    ("/error500", "broken", 500),
    ("/flaky429", "ok", 200),
    ("/always429", "blocked", 429),
    ("/busy503", "ok", 200),
    ("/slow", "timeout", None),
])
def test_classification(first_run, path, status, code):
    result = status_of(first_run, path)
    assert (result.status, result.code) == (status, code), result


def test_refused_connection_is_broken(first_run):
    result = first_run["outcome"].results[first_run["refused"]]
    assert result.status == "broken" and result.detail == "connection refused"


def test_redirect_chain_reports_every_hop(first_run):
    base = first_run["base"]
    result = status_of(first_run, "/r1")
    assert [(h["url"], h["status"], h["location"]) for h in result.hops] == [
        (f"{base}/r1", 301, f"{base}/r2"), (f"{base}/r2", 302, f"{base}/r3"), (f"{base}/r3", 307, f"{base}/ok")]
    assert result.final_url == f"{base}/ok"


def test_head_first_then_get_when_refused(first_run):
    hits = first_run["hits"]
    assert first_run["outcome"].results[first_run["headless"] + "/ok"].status == "ok"
    assert hits[("HEAD", "/gone")] == 1 and hits[("GET", "/gone")] == 0  # HEAD answer is final
    assert hits[("HEAD", "/missing")] == 1 and hits[("GET", "/missing")] == 1  # 404 on HEAD: GET confirms
    assert hits[("HEAD", "/forbidden")] == 1 and hits[("GET", "/forbidden")] == 1


def test_retries_and_retry_after(first_run):
    hits, times = first_run["hits"], first_run["times"]
    assert hits[("HEAD", "/error500")] == 3  # 1 try + 2 retries
    assert hits[("HEAD", "/always429")] == 3
    assert hits[("HEAD", "/flaky429")] == 2
    assert times["/flaky429"][1] - times["/flaky429"][0] >= 0.95  # Retry-After: 1 honoured
    assert hits[("HEAD", "/slow")] == 3  # timeouts are retried too
    assert hits[("HEAD", "/busy503")] == 2
    assert first_run["elapsed"] < 3 * TIMEOUT + SLOW + 2  # everything ran concurrently


def test_second_run_uses_the_cache(first_run, servers):
    main = servers[2]
    reset(main)
    outcome = check_urls(first_run["urls"], FAST, LinkCache(first_run["cache"]))
    assert sum(main.state["hits"].values()) == 0
    assert (outcome.cached, outcome.checked) == (len(first_run["urls"]), 0)
    assert {u: r.status for u, r in outcome.results.items()} == \
        {u: r.status for u, r in first_run["outcome"].results.items()}
    assert outcome.results[first_run["base"] + "/r1"].hops == status_of(first_run, "/r1").hops


class NoSuchHost(aiohttp.abc.AbstractResolver):
    """Fails every lookup the way getaddrinfo does for an unknown name; counts them."""

    calls = 0

    async def resolve(self, host, port=0, family=socket.AF_INET):
        self.calls += 1
        raise OSError(socket.EAI_NONAME, "Name or service not known")

    async def close(self):
        pass


def test_dns_failure_is_broken_and_not_retried():
    resolver = NoSuchHost()
    outcome = check_urls(["https://no-such-host.invalid/x"], FAST, resolver=resolver)
    result = outcome.results["https://no-such-host.invalid/x"]
    assert (result.status, result.detail) == ("broken", "DNS lookup failed for no-such-host.invalid")
    assert resolver.calls == 1  # FAST allows retries: a failed lookup is not one of them


def test_cache_ttl_depends_on_status(tmp_path: Path):
    now = [1000.0]
    cache = LinkCache(tmp_path / "c.json", ttl=7 * DAY, failure_ttl=1 * DAY, clock=lambda: now[0])
    cache.put("https://a.example/", {"status": "ok"})
    cache.put("https://b.example/", {"status": "broken"})
    cache.save()
    now[0] += 2 * DAY
    reloaded = LinkCache(tmp_path / "c.json", ttl=7 * DAY, failure_ttl=1 * DAY, clock=lambda: now[0])
    assert reloaded.get("https://a.example/") == {"status": "ok", "checked_at": 1000.0}
    assert reloaded.get("https://b.example/") is None  # failures expire after a day
    now[0] += 6 * DAY
    assert reloaded.get("https://a.example/") is None
    (tmp_path / "bad.json").write_text("{not json")
    assert LinkCache(tmp_path / "bad.json").entries == {}  # a corrupt cache is ignored, not fatal


def test_per_host_limit_and_delay(servers):
    base, _, main, _ = servers
    with main.state["lock"]:
        main.state["max_inflight"] = 0
    reset(main)
    urls = [f"{base}/hold/{i}" for i in range(8)]
    outcome = check_urls(urls, Settings(timeout=5, per_host=2, host_delay=0.0, backoff=0.05))
    assert all(r.status == "ok" for r in outcome.results.values())
    assert main.state["max_inflight"] == 2
    reset(main)
    check_urls([f"{base}/ok", f"{base}/gone", f"{base}/r3"], Settings(timeout=5, per_host=8, host_delay=0.15))
    starts = sorted(t for ts in main.state["times"].values() for t in ts)
    assert len(starts) == 4 and min(b - a for a, b in zip(starts, starts[1:])) >= 0.14


def test_parse_retry_after():
    assert parse_retry_after("3") == 3.0
    now = 1_700_000_000.0
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, abs=1)
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


STATEMENT = """\
---
title: A statement
sources:
  - id: s1
    url: {base}/missing
    archive_url: {base}/ok
  - id: s2
    url: {base}/gone
    archive_url: {base}/error500
  - id: s3
    url: {base}/r1
---
The [speech]({base}/ok#part "title") and <{base}/forbidden>.

```
[not a link]({base}/never)
```
Also `{base}/never-either` and [ref][1].

[1]: {base}/missing
"""


def write_docs(root: Path, base: str) -> Path:
    path = root / "docs/en/statements/s.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STATEMENT.format(base=base), encoding="utf-8")
    return root / "docs"


def test_sources_collects_urls_with_lines(tmp_path: Path):
    base = "https://example.test"
    docs = write_docs(tmp_path, base)
    urls = sources.collect(docs)
    where = {url: [(u.line, u.field) for u in uses] for url, uses in urls.items()}
    assert where == {
        f"{base}/missing": [(5, "sources.0.url"), (20, "link")],
        f"{base}/ok": [(6, "sources.0.archive_url"), (13, "link")],  # fragment dropped
        f"{base}/gone": [(8, "sources.1.url")],
        f"{base}/error500": [(9, "sources.1.archive_url")],
        f"{base}/r1": [(11, "sources.2.url")],
        f"{base}/forbidden": [(13, "link")],
    }
    assert urls[f"{base}/missing"][0].archive_url == f"{base}/ok"


def test_body_url_patterns():
    body = ("[a](https://x.test/wiki/Foo_(bar)) ![i](<https://x.test/i.png>)\n"
            "  [ref]: https://x.test/ref \"t\"\n<a href=\"https://x.test/html\">h</a> http://bare.test")
    assert sources.body_urls(body, 10) == [
        (10, "https://x.test/i.png"), (10, "https://x.test/wiki/Foo_(bar)"),
        (11, "https://x.test/ref"), (12, "https://x.test/html")]


def test_archive_fallback_reporting(tmp_path: Path):
    base = "https://example.test"
    urls = sources.collect(write_docs(tmp_path, base))
    results = {url: Result(url, "ok", 200) for url in urls}
    results[f"{base}/missing"] = Result(f"{base}/missing", "broken", 404, "HTTP 404 Not Found")
    results[f"{base}/gone"] = Result(f"{base}/gone", "broken", 410, "HTTP 410 Gone")
    results[f"{base}/error500"] = Result(f"{base}/error500", "timeout", None, "no answer within 1 s")
    problems = {(p.line, p.field): p for p in problems_for(urls, results)}
    fallback = problems[(5, "sources.0.url")]
    assert fallback.severity == "warning" and f"archive_url {base}/ok" in fallback.message
    assert problems[(20, "link")].severity == "error"  # same URL in the body: no fallback there
    both = problems[(8, "sources.1.url")]
    assert both.severity == "error" and "fails too" in both.message
    assert problems[(9, "sources.1.archive_url")].severity == "error"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from statements_archive.cli import main; main()", "check", "links", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_external_json_and_cache(servers, tmp_path: Path):
    base, _, main, _ = servers
    docs = write_docs(tmp_path, base)
    args = ["--external-only", "--docs", str(docs), "--cache", str(tmp_path / "cache.json"), "--format", "json",
            "--timeout", "2", "--retries", "0", "--delay", "0"]
    reset(main)
    first = cli(*args)
    assert first.returncode == 1, first.stderr
    problems = json.loads(first.stdout)
    by_place = {(p["line"], p["field"]): p for p in problems}
    assert by_place[(5, "sources.0.url")]["severity"] == "warning"  # broken, archived copy works
    assert by_place[(8, "sources.1.url")]["severity"] == "error"
    assert by_place[(9, "sources.1.archive_url")]["severity"] == "error"
    redirect = by_place[(11, "sources.2.url")]
    assert redirect["severity"] == "warning" and "redirected" in redirect["message"]
    assert f"{base}/r2 (302)" in redirect["message"]
    assert by_place[(13, "link")]["severity"] == "warning" and "blocked" in by_place[(13, "link")]["message"]
    assert by_place[(20, "link")]["severity"] == "error"
    assert "6 URLs (0 from cache, 6 checked)" in first.stderr
    hits = sum(main.state["hits"].values())
    second = cli(*args)
    assert second.returncode == 1 and json.loads(second.stdout) == problems
    assert "(6 from cache, 0 checked)" in second.stderr
    assert sum(main.state["hits"].values()) == hits  # nothing re-requested


def test_cli_warnings_only_exit_zero(servers, tmp_path: Path, refused_url):
    base = servers[0]
    doc = tmp_path / "docs/en/x.md"
    doc.parent.mkdir(parents=True)
    doc.write_text(f"---\nsources:\n  - id: a\n    url: {refused_url}\n    archive_url: {base}/ok\n---\n"
                   f"See [x]({base}/r3).\n", encoding="utf-8")
    result = cli("--external-only", "--docs", str(tmp_path / "docs"), "--cache", str(tmp_path / "c.json"),
                 "--timeout", "2", "--retries", "0", "--delay", "0", "--format", "github")
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("::warning ") == 2
    assert "connection refused" in result.stdout and "readers fall back to archive_url" in result.stdout


def test_cli_missing_docs_is_a_usage_error(tmp_path: Path):
    result = cli("--external-only", "--docs", str(tmp_path / "nope"))
    assert result.returncode == 2 and "docs directory" in result.stderr and "Traceback" not in result.stderr
