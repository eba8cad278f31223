"""The organisation's logo and accent colour, made safe before they are stored.

**The logo** is stored only as a PNG that this module drew itself, so nothing that came with
the upload reaches a page or a PDF:

* a PNG is decoded by Pillow and its pixels copied into a new image, which is saved without
  any ancillary chunk (text, EXIF, ICC, private chunks: whatever a file carried is gone);
* an SVG is never stored or served as SVG. It is refused if it holds a script, an event
  handler, a ``foreignObject``, a DTD or entities, or a reference to anything outside itself;
  what is left is drawn to PNG by CairoSVG (which fetches nothing: ``unsafe=False``), then
  re-encoded like a PNG upload.

Both are limited in bytes (:data:`MAX_BYTES`) and pixels (:data:`MAX_SOURCE_PIXELS` before
decoding, so a small file cannot unpack into a huge bitmap), and scaled to fit
:data:`LOGO_BOX`.

**The accent colour** is a ``#rrggbb`` that white text on it can be read on: at least 4.5:1
(WCAG AA for normal text), for pure white (the report's cover, buttons) and for the menu's
88 % white links. A colour under that is refused with a darker one that passes, to try.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from .text import page_decimal, page_number

MAX_BYTES = 512 * 1024
MAX_SOURCE_PIXELS = 4096 * 4096
LOGO_BOX = (800, 400)  # the stored PNG fits this (px): sharp at print size, small to serve
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_CONTRAST = 4.5
TEXT_ON_ACCENT = ((255, 255, 255), 1.0), ((255, 255, 255), 0.88)  # (colour, opacity) used on it


class BrandingError(ValueError):
    """An upload or a colour refused; the message says why, for the form."""


@dataclass(frozen=True)
class Logo:
    png: bytes
    width: int
    height: int


def clean_logo(data: bytes) -> Logo:
    """The upload as a freshly encoded PNG, or :class:`BrandingError` saying what is wrong."""
    if not data:
        raise BrandingError(_("Choose a PNG or SVG file."))
    if len(data) > MAX_BYTES:
        raise BrandingError(
            _(
                "The logo is %(size)s KB: it may be %(most)s KB.",
                size=len(data) // 1024,
                most=MAX_BYTES // 1024,
            )
        )
    if data.startswith(PNG_SIGNATURE):
        return _reencode(data)
    if _looks_like_svg(data):
        return _reencode(_rasterise(data))
    raise BrandingError(_("The logo must be a PNG or an SVG file."))


def _reencode(data: bytes) -> Logo:
    if len(data) >= 24 and data[12:16] == b"IHDR":  # the size, read before anything decodes
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if width * height > MAX_SOURCE_PIXELS:
            raise BrandingError(_too_many_pixels(width, height))
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as source:
            width, height = source.size
            if width * height > MAX_SOURCE_PIXELS:
                raise BrandingError(_too_many_pixels(width, height))
            source.load()
            rgba = source.convert("RGBA")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise BrandingError(_("The file could not be read as an image.")) from exc
    # Only the pixels cross over: a new image has no info, chunks or metadata.
    clean = Image.frombytes("RGBA", rgba.size, rgba.tobytes())
    clean.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return Logo(out.getvalue(), clean.width, clean.height)


def _too_many_pixels(width: int, height: int) -> str:
    return _(
        "The logo is %(width)s × %(height)s pixels: it may have %(most)s at most.",
        width=width,
        height=height,
        most=page_number(MAX_SOURCE_PIXELS),
    )


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data.lower()


_EXTERNAL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG is refused, or None. Parsed by defusedxml: DTDs and entities are errors."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError):
        return _("The SVG could not be read, or it declares a DTD or entities.")
    if not root.tag.endswith("svg"):
        return _("The file is not an SVG image.")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "embed", "object"):
            return _(
                "The SVG contains a <%(tag)s> element: save it without scripts or embedded pages.",
                tag=tag,
            )
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return _(
                    "The SVG contains a script (%(name)s): save it without scripts.", name=local
                )
            if local == "href" and not value.strip().startswith("#"):
                return _("The SVG links to another file or address: keep everything in the SVG.")
            if _EXTERNAL.search(value):
                return _("The SVG loads another file through url(): keep everything in the SVG.")
        if (
            tag == "style"
            and element.text
            and ("@import" in element.text or _EXTERNAL.search(element.text))
        ):
            return _("The SVG's style sheet loads another file: keep everything in the SVG.")
    return None


def _rasterise(data: bytes) -> bytes:
    problem = _svg_problem(data)
    if problem:
        raise BrandingError(problem)
    import cairosvg

    try:
        png = cairosvg.svg2png(bytestring=data, unsafe=False, output_width=LOGO_BOX[0])
        with Image.open(io.BytesIO(png)) as drawn:
            too_tall = drawn.height > LOGO_BOX[1]
        if too_tall:
            png = cairosvg.svg2png(bytestring=data, unsafe=False, output_height=LOGO_BOX[1])
    except Exception as exc:  # noqa: BLE001 - any failure to draw is a bad upload
        raise BrandingError(
            _("The SVG could not be drawn; export it again, or upload a PNG.")
        ) from exc
    return png


# ---- Accent colour ----------------------------------------------------------------------------

_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_contrast(accent: str) -> float:
    """The worst contrast of the text colours drawn on the accent (each blended over it)."""
    back = _rgb(accent)
    ratios = []
    for colour, alpha in TEXT_ON_ACCENT:
        shown = tuple(alpha * c + (1 - alpha) * b for c, b in zip(colour, back, strict=True))
        ratios.append(contrast(shown, back))  # type: ignore[arg-type]
    return min(ratios)


def _darker(accent: str) -> str:
    r, g, b = _rgb(accent)
    for step in range(100, -1, -2):
        candidate = "#{:02x}{:02x}{:02x}".format(*(round(c * step / 100) for c in (r, g, b)))
        if text_contrast(candidate) >= MIN_CONTRAST:
            return candidate
    return "#000000"


def clean_accent(text: str) -> str | None:
    """``#rrggbb`` in lower case, None for an empty field; :class:`BrandingError` otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    match = _HEX.fullmatch(text)
    if not match:
        raise BrandingError(
            _("Enter a colour as # and six hexadecimal digits, for example #0a3a75.")
        )
    accent = "#" + match.group(1).lower()
    ratio = text_contrast(accent)
    if ratio < MIN_CONTRAST:
        raise BrandingError(
            _(
                "White text on %(accent)s has a contrast of %(ratio)s:1; it needs %(needed)s:1 "
                "to be readable (WCAG AA). Try a darker colour, for example %(darker)s.",
                accent=accent,
                ratio=page_decimal(ratio, 1),
                needed=page_decimal(MIN_CONTRAST, 1),
                darker=_darker(accent),
            )
        )
    return accent


def accent_rgb(accent: str) -> str:
    """``"r, g, b"`` for Bootstrap's ``--bs-*-rgb`` custom properties."""
    return ", ".join(str(c) for c in _rgb(accent))
