"""Versioned instrument definitions and their loader."""

from .loader import (
    ENEMIES,
    SCORECARD,
    Instrument,
    InstrumentError,
    get_instrument,
    latest_versions,
    registry,
)

__all__ = [
    "ENEMIES",
    "SCORECARD",
    "Instrument",
    "InstrumentError",
    "get_instrument",
    "latest_versions",
    "registry",
]
