"""Assistant: question -> retrieval -> grounded answer with citations; CLI, chat UI, evals."""

from ingest import settings as _settings  # noqa: F401  (offline switches before anything loads)
