"""A tiny web server on 127.0.0.1 for the fetch tests: routes answer with canned responses,
misbehave on purpose (slow, reset, redirect loops, huge bodies), and every request is recorded.

    web = LocalWeb(); web.start()
    web.route("/a", Reply(body=b"..."))
    web.url("/a"); web.hits("/a"); web.stop()

Pages and feeds here are written for kizuna's tests (short news items about Vietnamese
provinces and Japanese prefectures), not taken from any article.
"""
from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0          # seconds before answering
    reset: bool = False         # close the connection abruptly (RST) instead of answering
    chunks: int = 0             # >0: send the body this many times, without Content-Length
    raw: bytes | None = None    # sent as is instead of a response (garbage, broken HTTP), then closed


Route = Reply | Callable[["Request", int], Reply]   # a function gets the request and its call number (1, 2...)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- set-up -----------------------------------------------------------------------------------

    def start(self) -> LocalWeb:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:   # http.server's naming
                web._answer(self)

            def log_message(self, *args: object) -> None:   # keep test output quiet
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # a short poll interval: shutdown() waits for it, once per test
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, reply: Route) -> str:
        self.routes[path] = reply
        return self.url(path)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    # -- answering --------------------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        request = Request(handler.path, {k.lower(): v for k, v in handler.headers.items()})
        with self._lock:
            self.requests.append(request)
            number = sum(1 for r in self.requests if r.path == request.path)
        route = self.routes.get(request.path)
        if route is None:
            reply = Reply(404, b"not here", {"Content-Type": "text/plain"})
        else:
            reply = route(request, number) if callable(route) else route
        if reply.delay:
            time.sleep(reply.delay)
        if reply.reset:
            _reset(handler.connection)
            handler.close_connection = True
            return
        if reply.raw is not None:
            try:
                handler.wfile.write(reply.raw)
            except (BrokenPipeError, ConnectionResetError):
                pass
            handler.close_connection = True
            return
        _send(handler, reply)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up on purpose (size cap, timeouts, resets) are not errors here."""


def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    try:
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        if reply.chunks:
            handler.send_header("Connection", "close")
            handler.end_headers()
            for _ in range(reply.chunks):
                handler.wfile.write(reply.body)
            handler.close_connection = True
            return
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        handler.wfile.write(reply.body)
    except (BrokenPipeError, ConnectionResetError):   # the client gave up (size cap, timeout)
        handler.close_connection = True


def _reset(conn: socket.socket) -> None:
    """Close with SO_LINGER 0: the client sees a connection reset, not a clean end."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


# -- pages and feeds written for these tests -----------------------------------------------------------

def news_page(title: str, paragraphs: list[str], lang: str = "vi", charset: str = "utf-8",
              meta_charset: str | None = None, date: str = "2025-10-14") -> bytes:
    """A small news page in `charset`, declaring `meta_charset` (default: the same) in a <meta>."""
    meta = meta_charset or charset
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    page = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="{meta}"><title>{title}</title>'
            f'<meta property="article:published_time" content="{date}T08:00:00+07:00"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{body}</article>"
            f"<footer>(c) 2025</footer></body></html>")
    return page.encode(charset)


VI_NGHE_AN_GIFU = news_page(
    "Đoàn công tác tỉnh Nghệ An thăm tỉnh Gifu",
    ["Ngày 14/10/2025, đoàn công tác của tỉnh Nghệ An do Phó Chủ tịch UBND tỉnh dẫn đầu đã đến thăm "
     "và làm việc với chính quyền tỉnh Gifu, Nhật Bản.",
     "Hai bên đã trao đổi về khả năng đưa lao động kỹ năng của Nghệ An sang làm việc tại các doanh "
     "nghiệp cơ khí ở Gifu, đồng thời bàn về hợp tác trong lĩnh vực nông nghiệp công nghệ cao.",
     "Lãnh đạo tỉnh Gifu cho biết hiện có khoảng 1.200 thực tập sinh Việt Nam đang sinh sống tại địa phương."])

EN_BAC_NINH_SAITAMA = news_page(
    "Bac Ninh and Saitama discuss electronics supply chains",
    ["On 3 September 2025 a business delegation from Saitama Prefecture met the leaders of Bac Ninh "
     "Province to discuss investment in electronics component factories.",
     "The two sides agreed to organise a joint investment promotion seminar in Saitama next spring, "
     "and twelve Japanese companies said they were studying new projects in Bac Ninh."],
    lang="en", date="2025-09-03")

JA_OSAKA_HAI_PHONG_TEXT = (
    "大阪府とハイフォン市の経済交流について",
    ["2025年8月20日、大阪府の訪問団がベトナムのハイフォン市を訪れ、市の人民委員会の幹部と会談した。",
     "両者は港湾物流と環境技術の分野で協力を進めることで一致し、府内の中小企業8社が現地での事業説明会に参加した。"])


def ja_page(charset: str, meta_charset: str | None = None) -> bytes:
    title, paragraphs = JA_OSAKA_HAI_PHONG_TEXT
    return news_page(title, paragraphs, lang="ja", charset=charset, meta_charset=meta_charset, date="2025-08-20")


def rss(items: list[tuple[str, str, str]], title: str = "Tin hợp tác địa phương") -> bytes:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>"
                      for t, link, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link>{entries}</channel></rss>").encode()


def atom(items: list[tuple[str, str, str]], title: str = "Local cooperation news") -> bytes:
    """An Atom feed of (title, href, ISO date) entries."""
    entries = "".join(f'<entry><title>{t}</title><link href="{href}"/><id>tag:kizuna.test,2025:{i}</id>'
                      f"<updated>{d}</updated></entry>" for i, (t, href, d) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>tag:kizuna.test,2025:feed</id><updated>2025-10-15T00:00:00Z</updated>"
            f"{entries}</feed>").encode()


def to_cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: tone marks as combining characters after a base letter the
    code page has (â ê ô ă ơ ư đ and the plain vowels), as legacy pages wrote it."""
    import unicodedata
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        letter, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:   # the code page has ê, ơ, ư...: fold one mark into the letter, keep the tone apart
            base = unicodedata.normalize("NFC", letter + mark)
            if len(base) == 1 and _encodable(base):
                rest = "".join(m for m in marks if m != mark)
                out += base.encode("cp1258") + rest.encode("cp1258")
                break
        else:
            out += (letter + "".join(marks)).encode("cp1258")
    return bytes(out)


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True
