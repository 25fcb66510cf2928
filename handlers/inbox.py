"""The update queue between Telegram and the handlers, written down as it fills: polling
confirms a batch when it asks for the next, so an update must be on disk before then to
survive a crash (see service.deliveries)."""

from __future__ import annotations

import asyncio
import json
import logging

from telegram import Update
from telegram.ext import Application

from service.deliveries import Deliveries

log = logging.getLogger(__name__)


class InboxQueue(asyncio.Queue[object]):
    """`Application.update_queue` that records each update before it is queued, and drops one
    Telegram delivers again."""

    def __init__(self, deliveries: Deliveries) -> None:
        super().__init__()
        self.deliveries = deliveries

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            # (where the store fails, the update is still handled, only not safe from a crash)
            fresh = await asyncio.to_thread(self.deliveries.receive, item.update_id, item.to_json())
            if not fresh:
                log.info("update %s was delivered again; skipped", item.update_id)
                return
        await super().put(item)

    async def requeue(self, item: Update) -> None:
        """Queue an update recorded already (one a crash cut off)."""
        await super().put(item)


async def replay_unhandled(app: Application, deliveries: Deliveries) -> int:
    """Queue the updates received before the last stop but not handled to the end."""
    queue = app.update_queue
    if not isinstance(queue, InboxQueue):
        return 0
    pending = await asyncio.to_thread(deliveries.unhandled)
    for update_id, payload in pending:
        log.info("handling update %s, cut off before the last stop", update_id)
        await queue.requeue(Update.de_json(json.loads(payload), app.bot))
    return len(pending)
