"""Ingest: corpus manifest -> load -> structure -> passages -> embed -> index."""

from ingest import settings as _settings  # noqa: F401  (sets the offline switches first)
