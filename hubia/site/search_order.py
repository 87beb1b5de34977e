"""Pagefind's filter index put in a fixed order, so that two builds give the same bytes.

Pagefind 1.5 writes each filter's values, and the list of filters in its metadata file, in
the order of a Rust hash map, which changes from run to run (upstream issue #638, « other
files will still change, such as the filter/metadata indexes »; a TODO in its
`index/mod.rs` plans a B-tree). Nothing else of the bundle moves: the word index is sorted,
the fragments are named by their content. So, after Pagefind, the filter files and the
metadata file are read, their lists sorted, written again, and renamed as Pagefind names
them (hash of the content); `pagefind-entry.json` points at the new metadata file. What
the index answers is unchanged: only the order of lists that are read as sets changes.

The files are Pagefind's: gzip of `pagefind_dcd` followed by CBOR (arrays, texts, unsigned
integers), decoded and encoded here with the shortest forms, as minicbor writes them. A
bundle of another shape (another Pagefind version) is left as it is, and the build says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class _Unknown(Exception):
    """The bundle is not laid out as Pagefind 1.5 lays it."""


def _decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise _Unknown(f"CBOR {major}/{info}")
    if major == 0:
        return value, at
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise _Unknown(f"CBOR type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise _Unknown("integer too large")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise _Unknown(type(value).__name__)
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unknown(path.name)
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw) or _encode(value) != raw[len(SIGNATURE):]:
        raise _Unknown(f"{path.name} : encodage inattendu")
    return value


def _hash(cbor: bytes) -> str:
    # Pagefind's `full_hash`: the bytes of the SHA-1, each in hexadecimal without padding.
    return "".join(f"{byte:x}" for byte in hashlib.sha1(cbor).digest())  # noqa: S324 - a name


def _write(folder: Path, name: str, value: Any) -> None:
    (folder / name).write_bytes(gzip.compress(SIGNATURE + _encode(value), 9, mtime=0))


def stabilise(bundle: Path) -> bool:
    """Sort the filter index of the Pagefind `bundle` in place; False when its layout is not
    the expected one (then nothing was changed)."""
    try:
        plan = _plan(bundle)
    except (_Unknown, OSError, ValueError, KeyError, IndexError, TypeError, EOFError,
            gzip.BadGzipFile):
        return False
    for old in plan["remove"]:
        old.unlink()
    for folder, name, value in plan["write"]:
        _write(folder, name, value)
    entry = bundle / "pagefind-entry.json"
    entry.write_text(json.dumps(plan["entry"], ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")
    return True


def _plan(bundle: Path) -> dict[str, Any]:
    """Everything to write, worked out before anything is changed."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    remove: list[Path] = []
    write: list[tuple[Path, str, Any]] = []
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        prefix = language["hash"].rsplit("_", 1)[0]  # « fr »
        filters, taken = [], set()
        for name, short in sorted(meta[3]):
            path = bundle / "filter" / f"{short}.pf_filter"
            filter_name, values = _read(path)
            index = [filter_name, sorted(values)]
            full = _hash(_encode(index))
            length = 7
            while full[:length] in taken and length < len(full):  # as Pagefind does
                length += 1
            taken.add(full[:length])
            new = f"{prefix}_{full[:length]}"
            remove.append(path)
            write.append((bundle / "filter", f"{new}.pf_filter", index))
            filters.append([name, new])
        meta[3] = filters
        language["hash"] = f"{prefix}_{_hash(_encode(meta))[:10]}"
        remove.append(meta_path)
        write.append((bundle, f"pagefind.{language['hash']}.pf_meta", meta))
    return {"entry": entry, "remove": remove, "write": write}
