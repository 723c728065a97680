"""Reading the staff-editable TOML data files, with a plain message naming the file and entry."""
from __future__ import annotations

import tomllib


def read_toml(path) -> dict:
    with open(path, "rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path}: {error}") from None


def required(entry: dict, field: str, path) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{path}: an entry has no {field!r}: {entry}")
    return value.strip()


def strings(entry: dict, field: str, path) -> list[str]:
    values = entry.get(field, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{path}: {field!r} must be a list of strings in {entry}")
    return values
