"""Who may use the bot: listed chats and users; empty lists mean open."""

from __future__ import annotations

import pytest

from service.access import REFUSAL, AccessPolicy

NEWSROOM_GROUP = -1001
OTHER_GROUP = -2002
EDITOR = 11
REPORTER = 22
STRANGER = 99
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot, the `from` of an anonymous admin's message


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
        # With only users listed, groups are closed: a listed reporter in some group does
        # not open it to the others there, nor to the bot's digest.
        (OTHER_GROUP, False, EDITOR, False),
        (OTHER_GROUP, False, STRANGER, False),
        (OTHER_GROUP, False, None, False),  # no known sender
    ],
)
def test_listed_users(chat_id: int, private: bool, user_id: int | None, allowed: bool) -> None:
    assert USERS_ONLY.allows(chat_id, private, user_id) is allowed
    assert USERS_ONLY.groups_closed


def test_an_outsiders_group_gets_nothing_when_only_users_are_listed() -> None:
    # An outsider makes a group, adds the bot and posts as the group's anonymous admin.
    assert not USERS_ONLY.allows(OTHER_GROUP, False, ANONYMOUS_ADMIN, sender_chat_id=OTHER_GROUP)
    assert not USERS_ONLY.allows_chat(OTHER_GROUP)  # the bot leaves it
    assert not USERS_ONLY.serves(OTHER_GROUP, private=False)  # and sends it no digest
    assert USERS_ONLY.serves(REPORTER, private=True)
    assert not USERS_ONLY.serves(STRANGER, private=True)


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


def test_an_anonymous_admin_is_no_listed_user() -> None:
    # Telegram sends an anonymous admin's message with the group as sender_chat.
    assert not BOTH.allows(NEWSROOM_GROUP, False, ANONYMOUS_ADMIN, sender_chat_id=NEWSROOM_GROUP)
    assert not BOTH.allows(OTHER_GROUP, False, ANONYMOUS_ADMIN, sender_chat_id=OTHER_GROUP)
    # Nor is a channel posting in the group, whoever runs it.
    assert not BOTH.allows(NEWSROOM_GROUP, False, 136817688, sender_chat_id=-100777)
    # With only chats listed, everyone in a listed group is the newsroom, anonymous or not.
    assert CHATS_ONLY.allows(NEWSROOM_GROUP, False, ANONYMOUS_ADMIN, sender_chat_id=NEWSROOM_GROUP)
    assert not CHATS_ONLY.allows(OTHER_GROUP, False, ANONYMOUS_ADMIN, sender_chat_id=OTHER_GROUP)


def test_a_listed_group_that_becomes_a_supergroup_stays_listed() -> None:
    supergroup = -1009990001
    moved = BOTH.with_successor(NEWSROOM_GROUP, supergroup)
    assert moved.allows(supergroup, False, EDITOR)
    assert moved.serves(supergroup, private=False)
    assert not moved.allows(supergroup, False, STRANGER)  # users still count
    # An unlisted group's successor stays unlisted.
    assert BOTH.with_successor(OTHER_GROUP, supergroup) == BOTH


def test_the_refusal_is_one_line() -> None:
    assert REFUSAL
    assert "\n" not in REFUSAL
