"""Test photos made with Pillow: a phone's JPEG with EXIF and GPS, a PNG, a bomb's header."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD, ORIENTATION, MAKE, GPS_PROCESSING_METHOD = 0x8825, 0x0112, 0x010F, 27


def jpeg_with_gps(width: int = 1200, height: int = 900, rotated: bool = False) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera's make and the GPS position."""
    picture = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    if rotated:
        exif[ORIENTATION] = 6  # the camera was held on its side: turn 90 degrees
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (51.0, 30.0, 26.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 39.0)
    gps[GPS_PROCESSING_METHOD] = "GPS"
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, comment=b"taken at 1 Nursery Lane")
    return out.getvalue()


def png(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 40, 40, 128)).save(out, "PNG")
    return out.getvalue()


def bomb(side: int = 20_000) -> bytes:
    """A small PNG whose header declares side x side pixels (400 million by default)."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture
