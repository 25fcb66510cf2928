"""Pure NLP: an article's text in, its key facts out. No Telegram, no database."""
