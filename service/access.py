"""Who may use the bot. Nothing listed: open to anyone (the bot warns at start-up). Otherwise:
- a private chat is served when its id is in ALLOWED_CHAT_IDS or its user in ALLOWED_USER_IDS;
- a group, supergroup or channel only when its id is in ALLOWED_CHAT_IDS (with only users
  listed, groups are closed);
- when users are listed, every sender must be one of them, in groups too: an anonymous admin
  (who speaks as the group) or a channel posting in the group is no listed user.
A listed group that becomes a supergroup stays served under its new id."""

from __future__ import annotations

from dataclasses import dataclass, replace

REFUSAL = "This bot works only for its newsroom."


@dataclass(frozen=True)
class AccessPolicy:
    chat_ids: frozenset[int] = frozenset()
    user_ids: frozenset[int] = frozenset()

    @property
    def is_open(self) -> bool:
        return not self.chat_ids and not self.user_ids

    @property
    def groups_closed(self) -> bool:
        """Only users are listed: no group is served."""
        return not self.is_open and not self.chat_ids

    def allows_chat(self, chat_id: int) -> bool:
        """Whether a group or channel is one of the newsroom's (the bot stays in it)."""
        return self.is_open or chat_id in self.chat_ids

    def serves(self, chat_id: int, private: bool) -> bool:
        """Whether the bot may send to this chat unasked (its digest)."""
        if private:
            # A private chat's id is its user's id.
            return self.is_open or chat_id in self.chat_ids or chat_id in self.user_ids
        return self.allows_chat(chat_id)

    def allows(
        self,
        chat_id: int | None,
        private: bool,
        user_id: int | None,
        sender_chat_id: int | None = None,
    ) -> bool:
        """Whether a message from `user_id` (or, on behalf of `sender_chat_id`) in this chat
        may read or change the store."""
        if self.is_open:
            return True
        listed_user = user_id is not None and user_id in self.user_ids and sender_chat_id is None
        if private:
            return chat_id in self.chat_ids or listed_user
        if chat_id is None or chat_id not in self.chat_ids:
            return False
        return not self.user_ids or listed_user

    def with_successor(self, old_id: int, new_id: int) -> AccessPolicy:
        """The policy once group `old_id` became supergroup `new_id`: a listed group's
        successor is listed too."""
        if old_id not in self.chat_ids or new_id in self.chat_ids:
            return self
        return replace(self, chat_ids=self.chat_ids | {new_id})
