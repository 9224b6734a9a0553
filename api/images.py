"""A photo as Baton keeps it: checked from its bytes, its pixels only, resized and thumbnailed.

A phone's photo carries far more than its picture: EXIF with the GPS position of the setting
(or the child's home), the time, the camera's serial number, XMP, an embedded preview that may
show what was cropped out. None of it is kept. The pixels are decoded (its type decided by
Pillow from the bytes, never by the file name or the browser's Content-Type), turned the way
the camera meant (EXIF orientation), copied into a new image that has no metadata at all, and
encoded afresh as JPEG twice: a resized image (``max_edge``) and a thumbnail.

Decoding is bounded before it starts: the file's size, then the pixel count its header declares
(a small file can declare a huge canvas: a decompression bomb).
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# What Pillow is allowed to try: a file of any other kind is refused before a decoder for it
# runs. HEIC needs a plugin this build does not have (phones convert to JPEG when uploading).
ACCEPTED = ("JPEG", "PNG", "WEBP")
OUTPUT_TYPE = "image/jpeg"
QUALITY = 82
# What Pillow's decoders raise on a malformed or truncated file (a file crafted to break a
# decoder lands here too): the person is told to choose the photo again, never a 500.
DAMAGED = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error, ZeroDivisionError)


class ImageRefused(Exception):
    """A file that is not a photo Baton keeps; ``status`` is the HTTP answer (413, 415, 422)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 15_000_000
    max_pixels: int = 50_000_000
    max_edge: int = 1600
    thumbnail_edge: int = 320


@dataclass(frozen=True)
class Prepared:
    """A photo ready to keep: both encodings, metadata-free, and what the pages show of them."""

    image: bytes
    thumbnail: bytes
    width: int
    height: int
    source_format: str  # what the bytes were (JPEG, PNG, WEBP)
    content_type: str = OUTPUT_TYPE

    @property
    def digest(self) -> str:
        """SHA-256 of the image kept, for the journey's record of it."""
        return hashlib.sha256(self.image).hexdigest()


def prepare(data: bytes, limits: Limits) -> Prepared:
    """``data`` as a kept photo, or ``ImageRefused`` saying why not."""
    if not data:
        raise ImageRefused(422, "the file is empty")
    if len(data) > limits.max_bytes:
        raise ImageRefused(
            413, f"the photo is over {limits.max_bytes // 1_000_000} MB; choose a smaller one"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        picture = _decoded(data, limits)
    try:
        resized = _fitted(_pixels_only(picture), limits.max_edge)
        thumbnail = _fitted(resized, limits.thumbnail_edge)
        encoded = _encoded(resized), _encoded(thumbnail)
    except DAMAGED:  # a mode Pillow cannot turn into RGB, say
        raise _damaged() from None
    return Prepared(*encoded, *resized.size, picture.format or "JPEG")


def _decoded(data: bytes, limits: Limits) -> Image.Image:
    try:
        picture = Image.open(io.BytesIO(data), formats=ACCEPTED)
    except UnidentifiedImageError:
        raise ImageRefused(
            415, "the file is not a JPEG, PNG or WebP photo (HEIC and videos are not taken yet)"
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except DAMAGED:
        raise _damaged() from None
    if picture.width * picture.height > limits.max_pixels:
        raise _too_many_pixels(limits)
    fmt = picture.format
    try:
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: far less memory for a large photo.
        picture.draft("RGB", _at_least(picture.size, limits.max_edge))
        picture.load()
        turned = ImageOps.exif_transpose(picture)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except DAMAGED:
        raise _damaged() from None
    turned.format = fmt
    return turned


def _at_least(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """The smallest size of ``size``'s shape whose longer edge is ``edge`` (or ``size``)."""
    width, height = size
    scale = min(1.0, edge / max(width, height, 1))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _damaged() -> ImageRefused:
    return ImageRefused(422, "the photo is damaged or incomplete; take or choose it again")


def _too_many_pixels(limits: Limits) -> ImageRefused:
    megapixels = limits.max_pixels // 1_000_000
    return ImageRefused(413, f"the photo has more than {megapixels} million pixels")


def _pixels_only(picture: Image.Image) -> Image.Image:
    """A new RGB image holding ``picture``'s pixels and nothing else (no EXIF, XMP, ICC,
    comments or previews); transparency becomes white."""
    rgba = picture.convert("RGBA")
    clean = Image.new("RGB", rgba.size, (255, 255, 255))
    clean.paste(rgba, mask=rgba.getchannel("A"))
    return clean


def _fitted(picture: Image.Image, edge: int) -> Image.Image:
    if max(picture.size) <= edge:
        return picture
    fitted = picture.copy()
    fitted.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    return fitted


def _encoded(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()
