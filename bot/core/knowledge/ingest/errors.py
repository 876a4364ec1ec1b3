"""Errors and warnings of the ingestion, each naming the file and the line."""

from __future__ import annotations

from dataclasses import dataclass


class ParseError(Exception):
    """A newsletter cannot be ingested. ``str()`` is ``file:line: message`` (``file: message``
    when no line applies, e.g. the file cannot be read)."""

    def __init__(self, file_name: str, line: int, message: str) -> None:
        super().__init__(
            f"{file_name}:{line}: {message}" if line > 0 else f"{file_name}: {message}"
        )
        self.file_name = file_name
        self.line = line
        self.message = message


@dataclass(frozen=True)
class ParseWarning:
    file_name: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file_name}:{self.line}" if self.line > 0 else self.file_name
        return f"{where}: warning: {self.message}"
