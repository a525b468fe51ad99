"""Making a rename or a new file survive a power cut: the directory entry is flushed too."""

import os
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Flush a directory (its entries: files created, renamed or removed in it) to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
