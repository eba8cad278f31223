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
from .translations import in_language

__all__ = [
    "ENEMIES",
    "SCORECARD",
    "Instrument",
    "InstrumentError",
    "get_instrument",
    "in_language",
    "latest_versions",
    "registry",
]
