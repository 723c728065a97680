"""Per-document columns read whole: a numeric field's values, a field's lengths.

Whoosh reads a column one document at a time; a fixed-width column is one
run of bytes in the segment's per-document file, read here in one call.
Relies on the Whoosh 3 codec (index/fastpath.py gates it), and falls back
to the reader's public methods where a column is stored otherwise.
"""
from __future__ import annotations

import struct

import numpy as np


def numeric_column(reader, fieldname: str) -> np.ndarray:
    """Every document's value of a sortable numeric field (0 where it has none), read in bulk."""
    size = reader.doc_count_all()
    out = np.zeros(size, dtype=np.int64)
    field = reader.schema[fieldname]
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        perdoc = getattr(leaf, "_perdoc", None)
        raw = None
        if perdoc is not None and perdoc.has_column(fieldname):
            column = perdoc.column_reader(fieldname, field.column_type)
            if all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count", "_typecode", "_default")):
                raw = np.full(count, column._default, dtype=np.int64)
                stored = min(count, column._count)
                data = column._dbfile.get(column._basepos, stored * struct.calcsize(column._typecode))
                raw[:stored] = np.frombuffer(data, dtype=np.dtype(">" + column._typecode)).astype(np.int64)
        if raw is None:
            values = leaf.column_reader(fieldname)
            out[offset:offset + count] = [values[doc] or 0 for doc in range(count)]
            continue
        unique, inverse = np.unique(raw, return_inverse=True)
        translated = np.array([field.from_column_value(int(u)) or 0 for u in unique], dtype=np.int64)
        out[offset:offset + count] = translated[inverse]
    return out


def leaf_lengths(leaf, fieldname: str, count: int) -> np.ndarray:
    """Each document's length in a field of one segment as Whoosh's scorer sees it (one byte, decoded)."""
    from whoosh.util.numeric import byte_to_length

    table = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
    lengths = np.array([leaf.doc_field_length(doc, fieldname, 0) or 0 for doc in range(count)],
                       dtype=np.float64) if not hasattr(leaf, "_perdoc") else None
    if lengths is not None:
        return lengths
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    column = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return np.zeros(count)
    raw = getattr(column, "_dbfile", None)
    if raw is not None and getattr(column, "_fixedlen", None) == 1:
        stored = min(count, column._count)
        codes = np.zeros(count, dtype=np.uint8)
        codes[:stored] = np.frombuffer(raw.get(column._basepos, stored), dtype=np.uint8)
    else:
        codes = np.array([column[doc] for doc in range(count)], dtype=np.uint8)
    return table[codes]
