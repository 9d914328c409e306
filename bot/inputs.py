"""Turning the bytes of a list file into text, with a clear reason when that cannot be done."""

from __future__ import annotations

MAX_LIST_BYTES = 5 * 1024 * 1024  # the largest real awesome list is ~400 KB


class InputError(ValueError):
    """A list file cannot be reviewed; the message says why in one line."""


def decode_list(data: bytes, name: str, limit: int = MAX_LIST_BYTES) -> str:
    """UTF-8 text of a list file (BOM dropped, CRLF kept as lines), or InputError."""
    if len(data) > limit:
        raise InputError(
            f"{name} is {_size(len(data))}; lists over {_size(limit)} are not reviewed"
        )
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file (it contains NUL bytes), not Markdown")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name} is not UTF-8: byte 0x{data[exc.start]:02x} at line {line} "
            f"(offset {exc.start}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
