"""Builds the Windows .ico and macOS .icns app icons from the PNGs in resources/.

Both formats can hold PNG images as they are, so no image library is needed and the
same code runs on the build machine of each OS.

    python packaging/pyinstaller/icons.py ico|icns TARGET   (from the repository root)
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

# .icns element types that hold a PNG of the given pixel size.
_ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08"}


def _png_size(data: bytes) -> int:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    if width != height:
        raise ValueError("icon images must be square")
    return int(width)


def _pngs(folder: Path) -> dict[int, bytes]:
    images = {}
    for path in sorted(folder.glob("icon-*.png")):
        data = path.read_bytes()
        images[_png_size(data)] = data
    if not images:
        raise FileNotFoundError(f"no icon-*.png files in {folder}")
    return images


def write_ico(folder: Path, target: Path) -> Path:
    """An .ico with every PNG size up to 256 (Windows reads PNG entries since Vista)."""
    images = {size: data for size, data in _pngs(folder).items() if size <= 256}
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        dim = 0 if size == 256 else size  # 0 means 256 in an icon directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(header + entries + blobs)
    return target


def write_icns(folder: Path, target: Path) -> Path:
    """An .icns holding the PNG sizes macOS has element types for."""
    body = b""
    for size, data in sorted(_pngs(folder).items()):
        kind = _ICNS_TYPES.get(size)
        if kind:
            body += kind + struct.pack(">I", len(data) + 8) + data
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"icns" + struct.pack(">I", len(body) + 8) + body)
    return target


if __name__ == "__main__":
    kind, out = sys.argv[1], Path(sys.argv[2])
    writer = {"ico": write_ico, "icns": write_icns}[kind]
    print(writer(Path(__file__).resolve().parents[2] / "resources", out))
