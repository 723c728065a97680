"""Reading a file that may be anything: a pipe, a socket, a device, a link loop, a file
this user may not read. Only regular files are read, and opening never blocks: the file is
checked with stat before it is opened, opened with O_NONBLOCK, and checked again once open
(the name may have been replaced in between). Every failure has its own plain reason.
"""
from __future__ import annotations

import errno
import os
import stat


class UnreadableFile(Exception):
    """The file cannot be read; `reason` says why in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_regular_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most max_bytes; UnreadableFile otherwise."""
    try:
        _check_regular(os.stat(path), max_bytes)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UnreadableFile(unreadable_reason(error, path)) from None
    try:
        _check_regular(os.fstat(descriptor), max_bytes)     # the name may have been replaced since
        chunks, size = [], 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise UnreadableFile(_too_large(os.fstat(descriptor).st_size, max_bytes))
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(unreadable_reason(error, path)) from None
    finally:
        os.close(descriptor)


def _check_regular(info: os.stat_result, max_bytes: int) -> None:
    kind = file_kind(info.st_mode)
    if kind is not None:
        raise UnreadableFile(kind)
    if info.st_size > max_bytes:
        raise UnreadableFile(_too_large(info.st_size, max_bytes))


def file_kind(mode: int) -> str | None:
    """Why a file of this mode is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file: not read"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file: not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file: not read"
    return "not a regular file: not read"


def unreadable_reason(error: OSError, path: str) -> str:
    """The plain reason an OS error gives for a file that cannot be read."""
    if error.errno == errno.ENOENT:
        if os.path.lexists(path):
            return "broken symbolic link (its target does not exist)"
        return "file disappeared before it could be read"
    if error.errno == errno.ELOOP:
        return "symbolic link loop (the link never reaches a file)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the file cannot be read by this user)"
    if error.errno == errno.EISDIR:
        return "is a directory, not a file"
    return f"cannot be read ({error.strerror or error})"


def _too_large(size: int, max_bytes: int) -> str:
    return f"file too large ({size / 1024 / 1024:.1f} MB; the limit is {max_bytes // 1024 // 1024} MB)"
