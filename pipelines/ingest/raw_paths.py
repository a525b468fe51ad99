"""Raw files must stay inside the raw directory.

Partners drop files into raw/; a description's `data_file: ../../../etc/passwd`, an absolute
path, or a symbolic link pointing elsewhere would otherwise load any readable file of the
build machine into the published mart. Every reader's caller checks its files here first.
A symbolic link that stays inside the directory is fine (a folder shared between sources).
"""

from pathlib import Path

from pipelines.ingest.errors import SourceFormatError


def escape_error(path: Path, root: Path, shown: str | None = None) -> SourceFormatError | None:
    """None when `path`, with every symbolic link and `..` resolved, lies inside `root`;
    else the error that refuses it. `shown`: how the path was written (e.g. in a YAML)."""
    path, root = Path(path), Path(root)
    try:
        real, real_root = path.resolve(), root.resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        return SourceFormatError(path, None, f"cannot resolve {shown or path.name}: {exc}")
    if real == real_root or real_root in real.parents:
        return None
    written = shown if shown is not None else path.name
    how = "is a symbolic link" if _has_link(path, root) else "leads"
    return SourceFormatError(
        path, None, f"{written!r} {how} outside the raw directory {root} (to {real}): refused; "
        "copy the file into the raw directory instead",
    )


def check_inside(path: Path, root: Path, shown: str | None = None) -> Path:
    """`path` when it lies inside `root`; raises the SourceFormatError of escape_error."""
    error = escape_error(path, root, shown)
    if error is not None:
        raise error
    return path


def _has_link(path: Path, root: Path) -> bool:
    """Whether a symbolic link (rather than a written `..` or absolute path) leads out."""
    current = Path(path.anchor) if path.is_absolute() else Path()
    for part in path.parts[len(current.parts):]:
        current = current / part
        if current.is_symlink() and not (current == root or current in root.parents):
            return True
    return False
