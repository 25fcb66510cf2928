"""The SQLModel store: models, sessions and every query."""
