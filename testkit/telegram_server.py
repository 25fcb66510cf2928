"""A small fake Telegram Bot API server for end-to-end tests of the real bot.

`FakeTelegram` serves the Bot API over plain HTTP on 127.0.0.1 (a random free port) from a
`ThreadingHTTPServer` in a daemon thread, so python-telegram-bot's real HTTP stack (httpx) can
talk to it: point the bot at it with ``ApplicationBuilder().base_url(server.base_url)`` or
``telegram.Bot(server.token, base_url=server.base_url)``.

Tests queue incoming updates with `push_update` / `push_message` (built with the payload
builders such as `text_message` and `channel_forward`), the bot long-polls them with
``getUpdates``, and every API call the bot makes is recorded in `calls`; `sent_messages` and
`wait_for_messages` give the ``sendMessage`` calls.

Request decoding: python-telegram-bot 22 always POSTs. Without files the body is
``application/x-www-form-urlencoded``; with files it is ``multipart/form-data``. In both, string
values are sent as they are and every other value (ints, bools, lists, objects) is JSON-encoded,
so values are JSON-decoded where they parse, except for fields that are strings in the Bot API
(``text``, ``caption``, ``parse_mode``, ...), which stay raw so that a text of ``"12"`` stays a
string. A JSON body (``application/json``) and query-string parameters are accepted too.

Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import html
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["MEDIA", "FakeTelegram", "html_problem"]

#: Longest time one ``getUpdates`` long poll is held open, whatever ``timeout`` asks for, so
#: that stopping the bot (and the server) stays quick.
MAX_LONG_POLL = 2.0

#: Parameters that are strings in the Bot API; they are never JSON-decoded.
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "title",
        "description",
        "short_description",
        "name",
        "custom_title",
        "language_code",
        "url",
        "secret_token",
        "ip_address",
        "emoji",
        "query",
        "question",
        "explanation",
        "explanation_parse_mode",
        "question_parse_mode",
        "file_id",
        "action",
        "invite_link",
        "sticker",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
        "address",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "error_message",
        "shipping_query_id",
        "pre_checkout_query_id",
        "web_app_query_id",
        "chat_instance",
    }
)

#: Methods that answer a bare ``true``.
TRUE_METHODS = frozenset(
    {
        "sendChatAction",
        "deleteMessage",
        "deleteMessages",
        "answerCallbackQuery",
        "leaveChat",
        "setMyCommands",
        "deleteMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "setMyName",
        "setWebhook",
        "close",
        "logOut",
        "setMessageReaction",
        "pinChatMessage",
        "unpinChatMessage",
    }
)

_TAG = re.compile(r"<[^>]*>")

#: Attachments of a message with no text, as the Bot API sends them (see `media_forward`). The
#: document is not on the server, so downloading it fails.
MEDIA: dict[str, dict[str, Any]] = {
    "photo": {"photo": [{"file_id": "p1", "file_unique_id": "up1", "width": 90, "height": 90}]},
    "sticker": {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "us1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "🔥",
        }
    },
    "voice": {"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}},
    "video": {
        "video": {
            "file_id": "vd1",
            "file_unique_id": "uvd1",
            "width": 640,
            "height": 360,
            "duration": 5,
        }
    },
    "location": {"location": {"latitude": 50.45, "longitude": 30.52}},
    "poll": {
        "poll": {
            "id": "poll1",
            "question": "Is it true?",
            "options": [
                {"text": "yes", "voter_count": 1, "persistent_id": "o1"},
                {"text": "no", "voter_count": 2, "persistent_id": "o2"},
            ],
            "total_voter_count": 3,
            "is_closed": True,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
    },
    "document": {
        "document": {"file_id": "gone1", "file_unique_id": "ugone1", "file_name": "story.txt"}
    },
}


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets and lengths."""
    return len(text.encode("utf-16-le")) // 2


#: The tags Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style).
HTML_TAGS = frozenset(
    "b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre blockquote".split()
)
_HTML_PIECE = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);|[<>&]")
#: The longest message text, in UTF-16 code units after entities are parsed.
MAX_TEXT = 4096


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse `text` sent with parse_mode HTML ("can't parse entities",
    "message is too long", "message text is empty"), or None when it would take it: only its
    tags, properly nested and closed; every other <, > and & escaped; only &lt; &gt; &amp;
    &quot; and numeric entities."""
    stack: list[str] = []
    shown: list[str] = []
    at = 0
    for piece in _HTML_PIECE.finditer(text):
        shown.append(text[at : piece.start()])
        at = piece.end()
        closing, tag, entity = piece.group(1), piece.group(2), piece.group(4)
        if tag is not None:
            tag = tag.lower()
            if tag not in HTML_TAGS:
                return f"unsupported tag <{tag}>"
            if not closing:
                stack.append(tag)
            elif not stack or stack.pop() != tag:
                return f"end tag </{tag}> without its start tag"
        elif entity is not None:
            if entity.startswith("#"):
                code = int(entity[2:], 16) if entity[1] in "xX" else int(entity[1:])
                if not 0 < code <= 0x10FFFF:
                    return f"bad entity &{entity};"
            elif entity not in {"lt", "gt", "amp", "quot"}:
                return f"unsupported entity &{entity};"
            shown.append(html.unescape(piece.group(0)))
        else:
            return f"unescaped {piece.group(0)!r} at {piece.start()}"
    if stack:
        return f"unclosed <{stack[-1]}>"
    shown.append(text[at:])
    plain = "".join(shown)
    if not plain.strip():
        return "message text is empty"
    if _utf16_len(plain) > MAX_TEXT:
        return f"message is too long ({_utf16_len(plain)} UTF-16 units)"
    return None


def _decode_value(key: str, value: Any) -> Any:
    """JSON-decode one form value unless it is a string-typed Bot API parameter."""
    if not isinstance(value, str) or key in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Fields of a multipart/form-data body; file parts become {filename, content_type, data}."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            fields[name] = {
                "filename": filename,
                "content_type": part.get_content_type(),
                "data": data,
            }
        else:
            charset = part.get_content_charset() or "utf-8"
            fields[name] = _decode_value(name, data.decode(charset))
    return fields


class _ApiError(Exception):
    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    # HTTP/1.0: one request per connection, so httpx never reuses a socket the server closed.
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def _handle(self) -> None:
        fake = self.server.fake
        url = urlsplit(self.path)
        # PTB percent-encodes file paths, the token's ":" included.
        parts = unquote(url.path).strip("/").split("/")
        if parts[0] == "file" and len(parts) > 2 and parts[1] == f"bot{fake.token}":
            self._reply_file(fake.file_bytes("/".join(parts[2:])))
            return
        if len(parts) != 2 or not parts[0].startswith("bot"):
            self._reply(HTTPStatus.NOT_FOUND, _error(404, "Not Found"))
            return
        token, method = parts[0][3:], parts[1]
        if token != fake.token:
            self._reply(HTTPStatus.UNAUTHORIZED, _error(401, "Unauthorized"))
            return
        try:
            params = self._params(url.query)
        except ValueError as exc:
            self._reply(HTTPStatus.BAD_REQUEST, _error(400, f"Bad Request: {exc}"))
            return
        status, payload = fake.answer_call(method, params)
        self._reply(status, payload)

    def _params(self, query: str) -> dict[str, Any]:
        params: dict[str, Any] = {k: _decode_value(k, v) for k, v in parse_qsl(query)}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        if not body:
            return params
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            params.update(_parse_multipart(content_type, body))
        elif content_type.startswith("application/json"):
            decoded = json.loads(body)
            if not isinstance(decoded, dict):
                raise ValueError("JSON body must be an object")
            params.update(decoded)
        else:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            params.update({k: _decode_value(k, v) for k, v in pairs})
        return params

    def _reply_file(self, data: bytes | None) -> None:
        if data is None:
            self._reply(HTTPStatus.NOT_FOUND, _error(404, "Not Found"))
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. shutdown)
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTelegram


def _error(code: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": code, "description": description}


class FakeTelegram:
    """A fake Bot API server; use as a context manager or call `start` and `stop`."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        username: str = "newsroom_test_bot",
        bot_id: int = 123456,
        host: str = "127.0.0.1",
    ) -> None:
        self.token = token
        self.host = host
        self.username = username
        self.bot_id = bot_id
        self.calls: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._updates: list[dict] = []
        self._files: dict[str, bytes] = {}  # file_path -> bytes
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._admins: dict[int, set[int]] = {}
        self._chats: dict[int, dict] = {}
        self._users: dict[int, dict] = {}
        self._failures: dict[str, list[tuple[int, str, dict[str, Any] | None]]] = {}
        self._stopping = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        """Bind `host` (127.0.0.1) on a free port and serve in a daemon thread; sets `base_url`."""
        if self._server is not None:
            return self
        server = _Server((self.host, 0), _Handler)
        server.fake = self
        self._stopping = False
        self._server = server
        port = server.server_address[1]
        self.base_url = f"http://{self.host}:{port}/bot"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"FakeTelegram:{port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake any long polls, stop serving and close the socket."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- test-side controls --------------------------------------------------------------------

    def push_update(self, update: dict) -> int:
        """Queue an update for ``getUpdates``; assigns a fresh increasing update_id if missing."""
        update = dict(update)
        with self._changed:
            if "update_id" not in update:
                last = self._updates[-1]["update_id"] if self._updates else 0
                update_id = next(self._update_ids)
                while update_id <= last:
                    update_id = next(self._update_ids)
                update["update_id"] = update_id
            self._remember(update)
            self._updates.append(update)
            self._updates.sort(key=lambda u: u["update_id"])
            self._changed.notify_all()
            return int(update["update_id"])

    def push_message(self, message: dict) -> int:
        """Queue ``{"message": message}``, filling in message_id and date; returns the update_id."""
        message = dict(message)
        message.setdefault("message_id", self._next_message_id())
        message.setdefault("date", int(time.time()))
        return self.push_update({"message": message})

    def set_admins(self, chat_id: int, user_ids: set[int]) -> None:
        """Make ``getChatMember`` answer "administrator" for these users of the chat."""
        with self._lock:
            self._admins[chat_id] = set(user_ids)

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str = "",
        parameters: dict[str, Any] | None = None,
    ) -> None:
        """Make the next call of `method` fail with this Bot API error (queued, one per call);
        `parameters` as the Bot API's ResponseParameters, e.g. ``{"migrate_to_chat_id": -100…}``
        when a group became a supergroup."""
        text = description or {
            400: "Bad Request: chat not found",
            403: "Forbidden: bot was blocked by the user",
        }.get(error_code, "Error")
        with self._lock:
            self._failures.setdefault(method, []).append((error_code, text, parameters))

    def sent_messages(self, chat_id: int | None = None) -> list[dict]:
        """Params of every ``sendMessage`` call so far, optionally only those to one chat."""
        with self._lock:
            return self._sent(chat_id)

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 30.0) -> list[dict]:
        """Block until at least `count` ``sendMessage`` calls went to `chat_id`; return them all."""
        with self._changed:
            if self._changed.wait_for(lambda: len(self._sent(chat_id)) >= count, timeout):
                return self._sent(chat_id)
            sent = self._sent(chat_id)
            everything = [(p.get("chat_id"), p.get("text")) for p in self._sent(None)]
        raise AssertionError(
            f"expected {count} message(s) to chat {chat_id} within {timeout}s, got {len(sent)}: "
            f"{[p.get('text') for p in sent]!r}; all sendMessage calls (chat_id, text): "
            f"{everything!r}"
        )

    def wait_for_call(self, method: str, timeout: float = 30.0) -> dict:
        """Block until `method` has been called; return the params of its first call."""
        with self._changed:
            if self._changed.wait_for(lambda: self._first(method) is not None, timeout):
                found = self._first(method)
                assert found is not None
                return found
            seen = [name for name, _ in self.calls]
        raise AssertionError(f"no {method} call within {timeout}s; calls so far: {seen!r}")

    def call_count(self, method: str) -> int:
        """How many times `method` has been called so far."""
        with self._lock:
            return sum(1 for name, _ in self.calls if name == method)

    def pending_updates(self) -> int:
        """How many queued updates have not yet been confirmed by a ``getUpdates`` offset."""
        with self._lock:
            return len(self._updates)

    # -- payload builders ----------------------------------------------------------------------

    @staticmethod
    def user(user_id: int, first_name: str = "Reporter", username: str | None = None) -> dict:
        """A Bot API User (a human)."""
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "en",
        }
        if username is not None:
            user["username"] = username
        return user

    @staticmethod
    def private_chat(user_id: int, first_name: str = "Reporter") -> dict:
        """The private Chat with a user (its id is the user's id)."""
        return {"id": user_id, "type": "private", "first_name": first_name}

    @staticmethod
    def group_chat(chat_id: int, title: str = "Newsroom", supergroup: bool = True) -> dict:
        """A group or supergroup Chat (Telegram gives these negative ids, -100… for supergroups)."""
        return {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}

    def text_message(self, chat: dict, sender: dict, text: str) -> dict:
        """A text Message; a leading "/word" gets a bot_command entity as Telegram adds."""
        message: dict[str, Any] = {
            "message_id": self._next_message_id(),
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return message

    def channel_forward(
        self,
        chat: dict,
        sender: dict,
        text: str,
        channel_id: int,
        channel_title: str,
        channel_message_id: int,
        posted: int,
    ) -> dict:
        """A message forwarded from a channel post (forward_origin type "channel")."""
        origin = {
            "type": "channel",
            "date": posted,
            "chat": {"id": channel_id, "type": "channel", "title": channel_title},
            "message_id": channel_message_id,
        }
        return self._forward(chat, sender, text, origin)

    def user_forward(
        self, chat: dict, sender: dict, text: str, origin_user: dict, posted: int
    ) -> dict:
        """A message forwarded from a user who allows linking (forward_origin type "user")."""
        origin = {"type": "user", "date": posted, "sender_user": origin_user}
        return self._forward(chat, sender, text, origin)

    def hidden_user_forward(
        self, chat: dict, sender: dict, text: str, sender_user_name: str, posted: int
    ) -> dict:
        """A message forwarded from a user who hides their account (type "hidden_user")."""
        origin = {"type": "hidden_user", "date": posted, "sender_user_name": sender_user_name}
        return self._forward(chat, sender, text, origin)

    def chat_forward(
        self, chat: dict, sender: dict, text: str, origin_chat: dict, posted: int
    ) -> dict:
        """A message forwarded from a message sent on behalf of a chat (type "chat")."""
        origin = {"type": "chat", "date": posted, "sender_chat": origin_chat}
        return self._forward(chat, sender, text, origin)

    def media_forward(
        self,
        chat: dict,
        sender: dict,
        media: str,
        caption: str | None,
        channel_id: int,
        channel_title: str,
        channel_message_id: int,
        posted: int,
    ) -> dict:
        """A channel post with an attachment and no text, forwarded: `media` is one of
        `MEDIA` ("photo", "sticker", ...); its words, if any, are the `caption`."""
        message = self.channel_forward(
            chat, sender, "", channel_id, channel_title, channel_message_id, posted
        )
        del message["text"]
        message.update(json.loads(json.dumps(MEDIA[media])))  # a copy
        if caption is not None:
            message["caption"] = caption
        return message

    # -- internals -----------------------------------------------------------------------------

    def _forward(self, chat: dict, sender: dict, text: str, origin: dict) -> dict:
        message = self.text_message(chat, sender, text)
        message["forward_origin"] = origin
        return message

    def _next_message_id(self) -> int:
        return next(self._message_ids)  # itertools.count is atomic under the GIL

    def _bot_user(self) -> dict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Newsroom Test",
            "username": self.username,
        }

    def _sent(self, chat_id: int | None) -> list[dict]:
        return [
            params
            for method, params in self.calls
            if method == "sendMessage" and (chat_id is None or params.get("chat_id") == chat_id)
        ]

    def _first(self, method: str) -> dict | None:
        return next((params for name, params in self.calls if name == method), None)

    def _remember(self, update: dict) -> None:
        """Note chats and users seen in an update so replies about them look consistent."""
        for value in update.values():
            if not isinstance(value, dict):
                continue
            chat = value.get("chat")
            if isinstance(chat, dict) and "id" in chat:
                self._chats[chat["id"]] = chat
            sender = value.get("from")
            if isinstance(sender, dict) and "id" in sender:
                self._users[sender["id"]] = sender

    def _chat(self, chat_id: Any) -> dict:
        known = self._chats.get(chat_id)
        if known is not None:
            return known
        if isinstance(chat_id, int) and chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Reporter"}
        if isinstance(chat_id, str):  # "@channelusername"
            return {"id": -1001, "type": "channel", "title": chat_id, "username": chat_id[1:]}
        return {"id": chat_id, "type": "supergroup", "title": "Newsroom"}

    def _member(self, chat_id: Any, user_id: int) -> dict:
        if user_id == self.bot_id:
            user = self._bot_user()
        else:
            user = self._users.get(user_id) or self.user(user_id, first_name=f"User {user_id}")
        if chat_id != user_id and user_id in self._admins.get(chat_id, set()):
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": True,
                "can_edit_stories": True,
                "can_delete_stories": True,
                "can_pin_messages": True,
                "can_manage_topics": False,
            }
        return {"status": "member", "user": user}

    def _message(self, chat_id: Any, params: dict, **extra: Any) -> dict:
        text = params.get("text")
        message: dict[str, Any] = {
            "message_id": self._next_message_id(),
            "from": self._bot_user(),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
        }
        if isinstance(text, str):
            if params.get("parse_mode") == "HTML":
                text = html.unescape(_TAG.sub("", text))
            message["text"] = text
        if isinstance(params.get("caption"), str):
            message["caption"] = params["caption"]
        message.update(extra)
        return message

    def answer_call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Record one Bot API call and answer it: (HTTP status, JSON body)."""
        with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
            failures = self._failures.get(method)
            failure = failures.pop(0) if failures else None
        if failure is not None:
            code, description, parameters = failure
            body = _error(code, description)
            if parameters is not None:
                body["parameters"] = parameters
            return code, body
        if method == "getUpdates":
            return HTTPStatus.OK, {"ok": True, "result": self._get_updates(params)}
        handler: Callable[[dict[str, Any]], Any] | None = getattr(self, f"_api_{method}", None)
        try:
            if handler is not None:
                with self._lock:
                    result = handler(params)
            elif method in TRUE_METHODS:
                result = True
            elif method.startswith("send"):
                with self._lock:
                    result = self._message(params.get("chat_id"), params)
            else:
                result = True
        except _ApiError as exc:
            return exc.error_code, _error(exc.error_code, exc.description)
        return HTTPStatus.OK, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = params.get("offset")
        limit = params.get("limit")
        limit = limit if isinstance(limit, int) and 1 <= limit <= 100 else 100
        timeout = params.get("timeout")
        wait = min(float(timeout), MAX_LONG_POLL) if isinstance(timeout, int | float) else 0.0
        deadline = time.monotonic() + wait
        with self._changed:
            if isinstance(offset, int) and offset < 0:  # -N: only the last N updates
                self._updates = self._updates[offset:]
            elif isinstance(offset, int):
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return [dict(u) for u in self._updates[:limit]]

    # Handlers below run with self._lock held.

    def _api_getMe(self, params: dict[str, Any]) -> dict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def _api_getMyCommands(self, params: dict[str, Any]) -> list:
        return []

    def _api_sendMessage(self, params: dict[str, Any]) -> dict:
        if not isinstance(params.get("text"), str) or not params["text"]:
            raise _ApiError(400, "Bad Request: message text is empty")
        if "chat_id" not in params:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        return self._message(params["chat_id"], params)

    def _api_editMessageText(self, params: dict[str, Any]) -> dict | bool:
        if "inline_message_id" in params:
            return True
        now = int(time.time())
        return self._message(
            params.get("chat_id"),
            params,
            message_id=params.get("message_id"),
            edit_date=now,
        )

    def _api_getChatMember(self, params: dict[str, Any]) -> dict:
        return self._member(params.get("chat_id"), params.get("user_id", 0))

    def _api_getChatAdministrators(self, params: dict[str, Any]) -> list[dict]:
        chat_id = params.get("chat_id")
        return [self._member(chat_id, user_id) for user_id in sorted(self._admins.get(chat_id, ()))]

    def add_file(self, data: bytes, file_name: str, mime_type: str | None = None) -> dict:
        """Put a file on the server; returns the `document` payload a message carries."""
        with self._lock:
            file_id = f"doc{len(self._files) + 1}"
            self._files[f"documents/{file_id}"] = data
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "file_size": len(data),
        }
        if mime_type:
            document["mime_type"] = mime_type
        return document

    def file_bytes(self, file_path: str) -> bytes | None:
        with self._lock:
            return self._files.get(file_path)

    def _api_getFile(self, params: dict[str, Any]) -> dict:
        file_id = str(params.get("file_id"))
        path = f"documents/{file_id}"
        if path not in self._files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(self._files[path]),
            "file_path": path,
        }

    def _api_getChat(self, params: dict[str, Any]) -> dict:
        chat = self._chat(params.get("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
