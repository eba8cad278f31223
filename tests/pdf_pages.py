"""Page fill of a PDF, measured on the PNGs pdftoppm draws (see tests/test_reports_layout.py).

A page's *fill* is the height of what is drawn on it (from the first to the last row with ink
between the running header and the footer) as a share of the printable height. A page holding a
lone table row, a two-line footnote or a heading whose chart went to the next page has a fill of
a few per cent; a real page fills a third or more. Set ``REPORT_PAGES`` to a folder to keep the
PNGs, for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

MIN_FILL = 0.3  # of the printable height
DPI = 36
MARGIN_TOP, MARGIN_BOTTOM = 22 / 25.4, 20 / 25.4  # inches, as in report.css
KEEP = os.environ.get("REPORT_PAGES")


def page_fills(pdf: bytes, name: str, tmp: Path) -> list[float]:
    """The fill of each page after the cover, from the PNGs pdftoppm draws."""
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(path), str(tmp / name)], check=True
    )
    pngs = sorted(tmp.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(pngs) == len(PdfReader(BytesIO(pdf)).pages)
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        for png in pngs:
            shutil.copy(png, KEEP)
    fills = []
    for png in pngs[1:]:  # the cover is a full-bleed design of its own
        image = Image.open(png).convert("L")
        width, height = image.size
        top, bottom = round(MARGIN_TOP * DPI), height - round(MARGIN_BOTTOM * DPI)
        body = image.crop((0, top, width, bottom)).point(lambda v: 255 if v < 235 else 0)
        box = body.getbbox()
        fills.append(0.0 if box is None else (box[3] - box[1]) / (bottom - top))
    return fills


def near_empty_pages(pdf: bytes, name: str, tmp: Path) -> list[str]:
    """ "name p.N (fill)" for every page under the minimum fill."""
    fills = page_fills(pdf, name, tmp)
    return [f"{name} p.{n + 2} ({f:.0%})" for n, f in enumerate(fills) if f < MIN_FILL]
