"""The error every file format raises: what file, where in it, and what is wrong, in Chinese."""

from __future__ import annotations


class FormatError(ValueError):
    """A file that cannot be read as documents; ``source`` and ``where`` locate it, ``message`` is Chinese."""

    def __init__(self, source: str, message: str, where: str = "") -> None:
        self.source, self.where, self.message = source, where, message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.source}: {where}{self.message}"
