"""Errors a stage raises for bad input: a stable machine-readable type and a human message.

The batch runner records them in the `errors` table as (stage, error_type, message).
"""

from __future__ import annotations


class PrikazError(Exception):
    """Base of all expected, input-caused failures."""

    stage: str = "extract"

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message

    def __str__(self) -> str:
        return self.message


class ReadError(PrikazError):
    """The input cannot be turned into a `Document` (corrupt, encrypted, not text, ...)."""

    stage = "read"


class UnsupportedFormatError(ReadError):
    """The bytes are of a kind no reader handles (or not what the extension claims)."""
