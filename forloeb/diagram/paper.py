"""A flowchart on A4 paper: which way up it is printed, how large, and whether it is readable at all.

The PDF prints each diagram at the top of its own page, under its heading, as large as the page
allows and never larger than its natural size (docs/stylesheets/forloeb.css applies what `printed`
decides, through --forloeb-tryk). A diagram whose labels would come out below MIN_LABEL_PT in
either orientation does not fit: the page then draws it in parts (macros/render/diagrams.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MM: Final = 72 / 25.4  # points per millimetre
A4_MM: Final = (210.0, 297.0)
MARGIN_MM: Final = 15.0  # on every side: @page in docs/stylesheets/forloeb.css
# Above a diagram on its page: its heading, its part's title and the figure's margins. Measured in
# Chromium's print layout: a line of a phase's heading takes 19 pt, a part's title 16 pt, the
# spacing 8 pt; this leaves room for a heading of two lines above a part's title.
HEADING_PT: Final = 70.0
MIN_LABEL_PT: Final = 7.0  # small print; the footer is 8 pt
# Landscape takes a page of its own and turns the reader's page: only worth it for clearly larger labels.
LANDSCAPE_GAIN: Final = 1.5


@dataclass(frozen=True)
class Printed:
    """How one diagram is printed."""

    landscape: bool
    width_pt: float  # the drawing's width on paper
    label_pt: float  # its labels' size on paper

    @property
    def readable(self) -> bool:
        return self.label_pt >= MIN_LABEL_PT


def area(landscape: bool) -> tuple[float, float]:
    """Width and height in points that a diagram has on a page, below its heading."""
    short, long = ((side - 2 * MARGIN_MM) * MM for side in A4_MM)
    width, height = (long, short) if landscape else (short, long)
    return width, height - HEADING_PT


def _on(landscape: bool, width: float, height: float, label: float) -> Printed:
    room_w, room_h = area(landscape)
    scale = min(1.0, room_w / width, room_h / height)
    return Printed(landscape, width * scale, label * scale)


def printed(width: float, height: float, label: float) -> Printed:
    """Portrait, unless landscape prints the labels at least LANDSCAPE_GAIN times as large or
    portrait is not readable and landscape prints them larger. Sizes are the drawing's natural
    ones in points; label is its labels' font size."""
    portrait, landscape = _on(False, width, height, label), _on(True, width, height, label)
    if landscape.label_pt >= portrait.label_pt * LANDSCAPE_GAIN:
        return landscape
    if not portrait.readable and landscape.label_pt > portrait.label_pt:
        return landscape
    return portrait


def fits(width: float, height: float, label: float) -> bool:
    """Whether a drawing of this natural size prints its labels readably on one A4 page."""
    return printed(width, height, label).readable
