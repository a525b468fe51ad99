"""The one error a reader raises for input it cannot read."""

from pathlib import Path


class SourceFormatError(Exception):
    """A raw file that cannot be parsed: names the file, the line where known, and the problem."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        # The constructor's own arguments, so the error survives pickling between processes.
        super().__init__(path, line, message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"
