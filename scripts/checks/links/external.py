"""Check external URLs over HTTP: politely, concurrently, and with retries.

Politeness: a global limit, a per-host limit and a minimum spacing between
request starts on one host, because most citations point at a few big
hosts (news sites, web.archive.org) that rate-limit crawlers. Redirects are
followed by hand so every hop can be reported.
"""
from __future__ import annotations

import asyncio
import email.utils
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import aiohttp
import aiohttp.abc

from statements_archive.checks.links.cache import LinkCache

OK, REDIRECTED, BROKEN, TIMEOUT, BLOCKED = "ok", "redirected", "broken", "timeout", "blocked"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# HEAD answers that often mean "HEAD not supported here" rather than the page's fate.
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 501})
# Answers that mean the server will never take HEAD: go straight to GET for that host.
HEAD_NEVER = frozenset({405, 501})
BLOCKED_CODES = frozenset({401, 403, 429})
MAX_REDIRECTS = 10
USER_AGENT = "Mozilla/5.0 (compatible; archive-linkcheck/1.0; +statement archive link checker)"


@dataclass
class Settings:
    timeout: float = 10.0  # seconds per request
    concurrency: int = 32
    per_host: int = 4
    retries: int = 2
    host_delay: float = 0.2  # seconds between request starts on one host
    backoff: float = 1.0  # first retry wait; doubles each time
    max_retry_after: float = 60.0  # cap on a server's Retry-After


@dataclass
class Result:
    url: str
    status: str  # OK, REDIRECTED, BROKEN, TIMEOUT or BLOCKED
    code: int | None = None  # final HTTP status
    detail: str = ""
    hops: list[dict] = field(default_factory=list)  # {"url", "status", "location"} per redirect
    final_url: str = ""

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "url"}

    @classmethod
    def from_json(cls, url: str, data: dict) -> "Result":
        return cls(url, data.get("status", BROKEN), data.get("code"), data.get("detail", ""),
                   list(data.get("hops") or []), data.get("final_url", ""))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def classify(code: int, hops: list[dict]) -> tuple[str, str]:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = ""
    detail = f"HTTP {code} {phrase}".strip()
    if 200 <= code < 300:
        return (REDIRECTED if hops else OK), detail
    if code in BLOCKED_CODES:
        return BLOCKED, detail
    if 300 <= code < 400:
        return BROKEN, f"{detail} without a Location header"
    return BROKEN, detail


class Checker:
    def __init__(self, settings: Settings | None = None, resolver: aiohttp.abc.AbstractResolver | None = None):
        self.settings = settings or Settings()
        self.resolver = resolver  # DNS resolver; tests pass one that never touches the network
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._next_start: dict[str, float] = defaultdict(float)
        self._get_only: set[str] = set()
        self._slots: asyncio.Semaphore | None = None

    async def _request(self, session: aiohttp.ClientSession, method: str, url: str) -> tuple[int, dict]:
        s = self.settings
        host = urlsplit(url).netloc.lower()
        slot = self._host_slots.setdefault(host, asyncio.Semaphore(s.per_host))
        # Host slot first: waiting for a busy host must not hold a global slot.
        async with slot:
            async with self._host_locks[host]:
                loop = asyncio.get_running_loop()
                wait = self._next_start[host] - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start[host] = loop.time() + s.host_delay
            async with self._slots:
                timeout = aiohttp.ClientTimeout(total=s.timeout)
                async with session.request(method, url, allow_redirects=False, timeout=timeout) as resp:
                    # The body is never read: status and headers decide.
                    return resp.status, {k: resp.headers.get(k) for k in ("Location", "Retry-After")}

    async def _fetch(self, session, url: str) -> tuple[int, dict]:
        host = urlsplit(url).netloc.lower()
        if host not in self._get_only:
            code, headers = await self._request(session, "HEAD", url)
            if code not in HEAD_REFUSED:
                return code, headers
            if code in HEAD_NEVER:
                self._get_only.add(host)
        return await self._request(session, "GET", url)

    async def _fetch_with_retries(self, session, url: str) -> tuple[int, dict]:
        s = self.settings
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            wait = s.backoff * 2 ** attempt
            try:
                code, headers = await self._fetch(session, url)
            except (aiohttp.ClientConnectorDNSError, aiohttp.ClientSSLError, aiohttp.InvalidURL):
                raise  # retrying will not change these
            except (TimeoutError, aiohttp.ClientConnectionError):
                if last:
                    raise
                await asyncio.sleep(wait)
                continue
            if (code == 429 or code >= 500) and not last:
                if code in (429, 503):
                    asked = parse_retry_after(headers.get("Retry-After"))
                    wait = wait if asked is None else asked
                await asyncio.sleep(min(wait, s.max_retry_after))
                continue
            return code, headers
        raise AssertionError("unreachable")

    async def check(self, session, url: str) -> Result:
        hops: list[dict] = []
        current = url
        visits: dict[str, int] = defaultdict(int)
        try:
            while True:
                code, headers = await self._fetch_with_retries(session, current)
                location = headers.get("Location")
                if code not in REDIRECT_CODES or not location:
                    break
                target = urljoin(current, location.strip())
                hops.append({"url": current, "status": code, "location": target})
                visits[current] += 1
                # A site may bounce once to set a cookie; coming back twice is a loop.
                if visits[target] >= 2 or len(hops) > MAX_REDIRECTS:
                    return Result(url, BROKEN, code, f"redirect loop or more than {MAX_REDIRECTS} redirects", hops, target)
                if not target.lower().startswith(("http://", "https://")):
                    return Result(url, BROKEN, code, f"redirects to a non-HTTP URL {target}", hops, target)
                current = target
        except TimeoutError:
            return Result(url, TIMEOUT, None, f"no answer within {self.settings.timeout:g} s", hops, current)
        except aiohttp.ClientConnectorDNSError:
            return Result(url, BROKEN, None, f"DNS lookup failed for {urlsplit(current).hostname}", hops, current)
        except aiohttp.ClientSSLError as exc:
            return Result(url, BROKEN, None, f"TLS error: {exc}", hops, current)
        except aiohttp.ClientConnectorError as exc:
            refused = isinstance(exc.os_error, ConnectionRefusedError)
            return Result(url, BROKEN, None, "connection refused" if refused else f"cannot connect: {exc}", hops, current)
        except (aiohttp.ClientError, ValueError) as exc:
            return Result(url, BROKEN, None, f"{type(exc).__name__}: {exc}", hops, current)
        status, detail = classify(code, hops)
        return Result(url, status, code, detail, hops, current)

    async def check_all(self, urls: list[str], done: Callable[[Result], None]) -> None:
        s = self.settings
        self._slots = asyncio.Semaphore(s.concurrency)
        connector = aiohttp.TCPConnector(limit=s.concurrency, limit_per_host=s.per_host, ttl_dns_cache=600,
                                         resolver=self.resolver)
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        async with aiohttp.ClientSession(connector=connector, headers=headers,
                                         cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            async def one(url: str) -> None:
                done(await self.check(session, url))
            await asyncio.gather(*(one(u) for u in urls))


@dataclass
class Outcome:
    results: dict[str, Result]
    cached: int  # how many came from the cache
    checked: int  # how many were requested this run


def check_urls(urls: Iterable[str], settings: Settings | None = None, cache: LinkCache | None = None,
               resolver: aiohttp.abc.AbstractResolver | None = None) -> Outcome:
    """Results for every URL, from the cache when fresh, else from the network."""
    results: dict[str, Result] = {}
    todo = []
    for url in dict.fromkeys(urls):
        entry = cache.get(url) if cache is not None else None
        if entry is not None:
            results[url] = Result.from_json(url, entry)
        else:
            todo.append(url)
    cached = len(results)

    def done(result: Result) -> None:
        results[result.url] = result
        if cache is not None:
            cache.put(result.url, result.to_json())

    try:
        if todo:
            asyncio.run(Checker(settings, resolver).check_all(todo, done))
    finally:
        if cache is not None:
            cache.save()  # keep what was learnt even if the run is interrupted
    return Outcome(results, cached, len(todo))
