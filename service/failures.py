"""What a user is told when handling their message failed: the store being away is worth
naming, since trying again is the remedy; anything else is our bug, and its internals stay in
the log."""

from __future__ import annotations

from storage.errors import StoreUnavailable

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
STORE_BUSY = (
    "The newsroom database is busy or not answering, so nothing was stored or looked up. "
    "Please try again in a minute."
)


def apology(error: BaseException | None) -> str:
    return STORE_BUSY if isinstance(error, StoreUnavailable) else SORRY
