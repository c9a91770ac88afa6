"""Pixel statistics of a PNG screenshot, with the standard library only (no Pillow/numpy here).

Decodes 8-bit grey, RGB and RGBA non-interlaced PNGs (what Chromium's screenshots are).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_CHANNELS = {0: 1, 2: 3, 6: 4}


@dataclass(frozen=True, slots=True)
class PixelStats:
    """Grey-level statistics of an image."""

    width: int
    height: int
    mean: float
    variance: float
    distinct_colours: int
    non_white_share: float


def pixel_stats(png: bytes) -> PixelStats:
    """Mean and variance of the grey level (0-255), distinct colours, share of non-white pixels."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, bytearray(), None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat += data
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = _CHANNELS[colour]
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        _unfilter(kind, line, prev, bpp)
        rows.append(bytes(line))
        prev = line
    total = count = non_white = 0
    squares = 0
    colours: set[bytes] = set()
    for line in rows:
        for x in range(0, stride, bpp):
            px = line[x:x + bpp]
            grey = px[0] if bpp == 1 else (px[0] * 299 + px[1] * 587 + px[2] * 114) // 1000
            total += grey
            squares += grey * grey
            count += 1
            non_white += grey < 250
            if len(colours) < 100_000:
                colours.add(px[:3])
    mean = total / count
    return PixelStats(width, height, mean, squares / count - mean * mean, len(colours), non_white / count)


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = prev[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
        elif kind == 4:
            upper_left = prev[i - bpp] if i >= bpp else 0
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            pred = left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
            line[i] = (line[i] + pred) & 0xFF
        elif kind != 0:
            raise ValueError(f"unknown PNG filter {kind}")
