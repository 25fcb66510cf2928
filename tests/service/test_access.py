"""Who may use the bot: listed chats and users; empty lists mean open."""

from __future__ import annotations

import pytest

from service.access import REFUSAL, AccessPolicy

NEWSROOM_GROUP = -1001
OTHER_GROUP = -2002
EDITOR = 11
REPORTER = 22
STRANGER = 99


def test_open_when_nothing_is_listed() -> None:
    policy = AccessPolicy()
    assert policy.is_open
    assert policy.allows(OTHER_GROUP, False, STRANGER)
    assert policy.allows(STRANGER, True, STRANGER)
    assert policy.allows(None, False, None)


CHATS_ONLY = AccessPolicy(chat_ids=frozenset({NEWSROOM_GROUP, EDITOR}))


@pytest.mark.parametrize(
    ("chat_id", "private", "user_id", "allowed"),
    [
        (NEWSROOM_GROUP, False, STRANGER, True),  # anyone in the listed group
        (OTHER_GROUP, False, EDITOR, False),  # a listed person's chat id is not a group's
        (EDITOR, True, EDITOR, True),  # a private chat listed by its id
        (REPORTER, True, REPORTER, False),  # a private chat not listed
        (None, False, EDITOR, False),
    ],
)
def test_listed_chats(chat_id: int | None, private: bool, user_id: int, allowed: bool) -> None:
    assert not CHATS_ONLY.is_open
    assert CHATS_ONLY.allows(chat_id, private, user_id) is allowed


USERS_ONLY = AccessPolicy(user_ids=frozenset({EDITOR, REPORTER}))


@pytest.mark.parametrize(
    ("chat_id", "private", "user_id", "allowed"),
    [
        (REPORTER, True, REPORTER, True),  # a listed user's private chat
        (STRANGER, True, STRANGER, False),
        (OTHER_GROUP, False, EDITOR, True),  # chats are not restricted
        (OTHER_GROUP, False, STRANGER, False),
        (OTHER_GROUP, False, None, False),  # no known sender
    ],
)
def test_listed_users(chat_id: int, private: bool, user_id: int | None, allowed: bool) -> None:
    assert USERS_ONLY.allows(chat_id, private, user_id) is allowed


BOTH = AccessPolicy(chat_ids=frozenset({NEWSROOM_GROUP}), user_ids=frozenset({EDITOR, REPORTER}))


@pytest.mark.parametrize(
    ("chat_id", "private", "user_id", "allowed"),
    [
        (NEWSROOM_GROUP, False, EDITOR, True),
        (NEWSROOM_GROUP, False, STRANGER, False),  # a user must be listed when users are
        (OTHER_GROUP, False, EDITOR, False),  # and the chat too
        (REPORTER, True, REPORTER, True),  # a private chat may belong to a listed user
        (STRANGER, True, STRANGER, False),
    ],
)
def test_listed_chats_and_users(chat_id: int, private: bool, user_id: int, allowed: bool) -> None:
    assert BOTH.allows(chat_id, private, user_id) is allowed


def test_an_anonymous_admin_speaks_as_the_group() -> None:
    # Telegram sends an anonymous admin's message with the group as sender_chat.
    assert BOTH.allows(NEWSROOM_GROUP, False, 1087968824, sender_chat_id=NEWSROOM_GROUP)
    assert not BOTH.allows(OTHER_GROUP, False, 1087968824, sender_chat_id=OTHER_GROUP)
    # A post from some other channel in the group is not the group speaking.
    assert not BOTH.allows(NEWSROOM_GROUP, False, 136817688, sender_chat_id=-100777)


def test_the_refusal_is_one_line() -> None:
    assert REFUSAL
    assert "\n" not in REFUSAL
