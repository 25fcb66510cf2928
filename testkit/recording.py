"""A request layer for python-telegram-bot that answers Bot API calls in-process from a
`FakeTelegram`, which records them: the real Application with no HTTP in between (the handler
tests and the burst benchmark)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from telegram.request import BaseRequest, RequestData

from testkit.telegram_server import FakeTelegram


class RecordingRequest(BaseRequest):
    """Answers Bot API calls in-process from a FakeTelegram, which records them."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a file download
            path = unquote(url).split("/file/bot", 1)[1].split("/", 1)[1]
            data = self.fake.file_bytes(path)
            return (200, data) if data is not None else (404, b"")
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        status, body = self.fake.answer_call(api_method, params)
        return status, json.dumps(body).encode()
