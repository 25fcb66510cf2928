"""A small web server the tests start: news pages with boilerplate, a canonical copy, redirect
chains, a 404, a huge body, a PDF, a slow page, redirects to loopback and cloud-metadata
addresses and to international (IDN) or broken ones, and pages in odd or lying charsets.
Pages are our own text."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STORY_PARAGRAPHS = [
    "KHARKIV, Ukraine (Reuters) - A Russian glide bomb struck a shopping centre in Kharkiv on "
    "Saturday 17 May 2025, killing four people and wounding 27, regional governor Oleh "
    "Syniehubov said.",
    "The bomb hit the roof of the building in the afternoon, when families were shopping for "
    "the weekend, and started a fire that spread to a car park, emergency services said.",
    '"They struck a place where there were only civilians, children among them," Syniehubov '
    "said on the Telegram messaging app. Rescuers were still searching the rubble late in the "
    "evening, he said.",
    "Kharkiv, Ukraine's second largest city, lies about 30 km from the Russian border and has "
    "been hit repeatedly since the start of the full-scale invasion. Mayor Ihor Terekhov said "
    "several apartment blocks nearby had their windows blown out.",
    "Russia's defence ministry did not comment on the strike. Moscow denies targeting civilians.",
]
TITLE = "Russian glide bomb kills four at Kharkiv shopping centre"
# The governor's words as he wrote them: text that only reads right in the page's own charset.
UKRAINIAN_QUOTE = (
    "«Вони вдарили по місцю, де були лише цивільні, серед них діти», — написав Синєгубов."
)
UKRAINIAN_STORY = [*STORY_PARAGRAPHS[:3], UKRAINIAN_QUOTE, *STORY_PARAGRAPHS[3:]]


def article_page(
    canonical: str | None = None,
    extra: str = "",
    story: list[str] = STORY_PARAGRAPHS,
    charset: str | None = "utf-8",  # what its <meta> says, None for no <meta charset>
    encoding: str = "utf-8",  # what its bytes are in
) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    meta = f'<meta charset="{charset}">' if charset is not None else ""
    body = "".join(f"<p>{p}</p>" for p in story)
    return f"""<!doctype html><html><head>{meta}<title>{TITLE} | Wire</title>
{link}<meta property="article:published_time" content="2025-05-17T16:40:00Z">
<meta property="og:title" content="{TITLE}"></head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/markets">Markets</a></nav>
<article><h1>{TITLE}</h1><div class="byline">By Wire staff</div>{body}</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Markets rally on
trade hopes</a></li><li><a href="/b">Weather: storms expected this weekend</a></li></ul></aside>
{extra}<footer>Copyright 2025 Wire. All rights reserved. <a href="/terms">Terms</a></footer>
</body></html>""".encode(encoding)


def _cyrillic_page(charset: str | None) -> bytes:
    """The story with its Ukrainian quote in windows-1251, the <meta> saying `charset`."""
    return article_page(story=UKRAINIAN_STORY, charset=charset, encoding="cp1251")


def _utf8_page(charset: str | None = "utf-8") -> bytes:
    return article_page(story=UKRAINIAN_STORY, charset=charset)


# path: (Content-Type, body). Each is the story with its Ukrainian quote, readable in the end.
CHARSET_PAGES = {
    # a charset nobody knows, the <meta> right
    "/charset/unknown": ("text/html; charset=x-unknown-42", _cyrillic_page("windows-1251")),
    "/charset/list": ('text/html; charset="utf-8, latin1"', _utf8_page()),
    "/charset/empty": ("text/html; charset=", _cyrillic_page("windows-1251")),
    # codecs Python has that are no text encoding: bytes.decode raised on them
    "/charset/rot13": ("text/html; charset=rot13", _utf8_page()),
    "/charset/undefined": ("text/html; charset=undefined", _utf8_page()),
    "/charset/idna": ("text/html; charset=idna", _utf8_page()),
    # the server's default says UTF-8, the page knows better
    "/charset/lying": ("text/html; charset=utf-8", _cyrillic_page("windows-1251")),
    "/charset/meta-unknown": ("text/html", _utf8_page("x-unknown-42")),
    # one bad byte in a UTF-8 page: that byte is lost, not the page
    "/charset/stray-byte": (
        "text/html; charset=utf-8",
        _utf8_page().replace(b"<nav>", b"\xff<nav>"),
    ),
}


# 50 MB of zeros in about 50 KB: the cap must hold on what the page decompresses to.
BOMB = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)

TEASER_PAGE = b"""<!doctype html><html><head><title>Subscribe</title></head><body>
<article><h1>Inside the front line</h1><p>Subscribe to read the full story. Our reporters
spent a week with a drone unit near Pokrovsk.</p></article></body></html>"""


class _Pages(BaseHTTPRequestHandler):
    server: PageServer

    def log_message(self, format: str, *args: object) -> None:  # quiet tests
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        base = self.server.base
        self.server.hits.append((self.path, self.headers.get("User-Agent", "")))
        self.server.hosts.append((self.path, self.headers.get("Host", "")))
        if path in ("/world/kharkiv-strike", "/world/kharkiv-strike/amp", "/syndicated/kharkiv"):
            self._send(200, article_page(canonical=f"{base}/world/kharkiv-strike"))
        elif path == "/r1":
            self._redirect("/r2")
        elif path == "/r2":
            self._redirect(f"{base}/world/kharkiv-strike?utm_source=telegram")
        elif path.startswith("/loop"):
            n = int(path.removeprefix("/loop") or 0)
            self._redirect(f"/loop{n + 1}")
        elif path == "/to-loopback":
            self._redirect(f"http://127.0.0.1:{self.server.server_port}/world/kharkiv-strike")
        elif path == "/broken-redirect":
            self._redirect("http://[oops/")
        elif path == "/to-idn":  # the Location in UTF-8, as sites send it
            self._redirect(f"http://１２７.０.０.２:{self.server.server_port}/world/kharkiv-strike")
        elif path == "/to-bad-idn":
            self._redirect("http://bücher..example/")
        elif path == "/to-bad-port":
            self._redirect("http://example.com:99999/")
        elif path in CHARSET_PAGES:
            kind, page = CHARSET_PAGES[path]
            self._send(200, page, kind)
        elif path == "/gzip":
            self._send(200, gzip.compress(article_page()), encoding="gzip")
        elif path == "/bomb":
            self._send(200, BOMB, encoding="gzip")
        elif path == "/double-bomb":
            self._send(200, gzip.compress(BOMB), encoding="gzip, gzip")
        elif path == "/claims-another-site":
            self._send(200, article_page(canonical="https://www.reuters.com/world/kharkiv"))
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/teaser":
            self._send(200, TEASER_PAGE)
        elif path == "/menu":
            self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
        elif path == "/statement.pdf":
            self._send(200, b"%PDF-1.4 not really", "application/pdf")
        elif path == "/huge":
            self._huge()
        elif path == "/huge-declared":
            self._send(200, b"<html>" + b" " * 100, length=6 * 1024 * 1024)
        elif path == "/slow":
            time.sleep(3)
            self._send(200, article_page())
        else:
            self._send(404, b"<html><body>Not found</body></html>")

    def _send(
        self,
        status: int,
        body: bytes,
        kind: str = "text/html; charset=utf-8",
        length: int = -1,
        encoding: str | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(length if length >= 0 else len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        # send_header writes latin-1: this way the header's bytes are the address in UTF-8.
        self.send_header("Location", to.encode().decode("latin-1"))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self) -> None:
        # No Content-Length: the cap must hold while reading the stream.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"filler words " * 5000 + b"</p>"
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(200):  # about 13 MB
                self.wfile.write(chunk)


class PageServer(ThreadingHTTPServer):
    """Serves the pages above on `host` (127.0.0.2 stands in for a public address)."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.2") -> None:
        super().__init__((host, 0), _Pages)
        self.hits: list[tuple[str, str]] = []  # (path, User-Agent)
        self.hosts: list[tuple[str, str]] = []  # (path, Host header)
        self.base = f"http://{host}:{self.server_port}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
