"""Files written whole or not at all: an export, a resolved events file. A reader (a report's build, a browser, a
person) never finds half a file under the final name, and a full disk leaves the older file there untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What a file created the ordinary way gets (read at import, before any thread: setting the mask to read it is
# process-wide): a temporary file is made private, and is given this mode before it takes the final name.
CREATED_MODE = 0o666 & ~_umask()


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` under ``path``: written to a hidden temporary file beside it, flushed to disk, its size checked,
    then renamed over ``path``. On any failure the temporary file is removed and nothing new is left under ``path``.
    OSError propagates: the caller says which file and what to do."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.path.getsize(temporary) != len(data):
            raise OSError(errno.EIO, "the file on disk is shorter than what was written")
        os.chmod(temporary, CREATED_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
