"""Who may use the bot: the allow-lists of chats and users (empty lists mean open)."""

from __future__ import annotations

from dataclasses import dataclass

REFUSAL = "This bot works only for its newsroom."


@dataclass(frozen=True)
class AccessPolicy:
    chat_ids: frozenset[int] = frozenset()
    user_ids: frozenset[int] = frozenset()

    @property
    def is_open(self) -> bool:
        return not self.chat_ids and not self.user_ids

    def allows_chat(self, chat_id: int) -> bool:
        """Whether a group or channel is one of the newsroom's (the bot stays in it)."""
        return not self.chat_ids or chat_id in self.chat_ids

    def allows(
        self,
        chat_id: int | None,
        private: bool,
        user_id: int | None,
        sender_chat_id: int | None = None,
    ) -> bool:
        """A chat must be listed (a private chat may instead belong to a listed user); a user
        must be listed when users are. An anonymous admin speaks as the group itself."""
        if self.is_open:
            return True
        user_ok = not self.user_ids or user_id in self.user_ids
        if private:
            return chat_id in self.chat_ids or (bool(self.user_ids) and user_ok)
        chat_ok = not self.chat_ids or chat_id in self.chat_ids
        if sender_chat_id is not None and sender_chat_id == chat_id:
            return chat_ok
        return chat_ok and user_ok
