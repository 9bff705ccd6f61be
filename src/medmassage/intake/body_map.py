"""The body map's shapes: a front and a back figure whose parts are the contract's regions.

Each shape is a rounded rectangle in a 400 x 400 view box. Paired regions are drawn once (the
viewer's left instance) and mirrored. Facing the viewer, the client's right is on the viewer's
left; seen from behind, the client's left is.
"""

from __future__ import annotations

from dataclasses import dataclass

from medmassage.words import vocabulary as words

# region: (x, y, width, height, corner radius) of the viewer's left instance, front figure
# centred on x = 100.
_PAIRED = {
    "shoulder": (57, 70, 21, 22, 10),
    "upper_arm": (55, 93, 18, 50, 8),
    "forearm": (51, 144, 17, 48, 7),
    "hand": (47, 193, 19, 26, 8),
    "hip": (66, 158, 13, 36, 5),
    "thigh": (79, 188, 20, 76, 9),
    "knee": (80, 266, 18, 22, 8),
    "lower_leg": (81, 290, 16, 66, 7),
    "foot": (75, 358, 22, 14, 6),
}
_MIDLINE_FRONT = {
    "head": (82, 4, 36, 40, 18),
    "jaw": (88, 38, 24, 15, 7),
    "neck": (91, 54, 18, 15, 4),
    "chest": (78, 70, 44, 48, 8),
    "abdomen": (80, 119, 40, 38, 6),
    "pelvis": (80, 158, 40, 28, 8),
}
_MIDLINE_BACK = {
    "head": (82, 4, 36, 48, 18),
    "neck": (91, 54, 18, 15, 4),
    "upper_back": (78, 70, 44, 48, 8),
    "lower_back": (80, 119, 40, 38, 6),
    "pelvis": (80, 158, 40, 28, 8),
}
_CENTRE = 100
_BACK_OFFSET = 200


@dataclass(frozen=True)
class Shape:
    view: str  # front or back
    region: str
    side: str  # left, right, or both on the midline
    x: int
    y: int
    width: int
    height: int
    radius: int

    @property
    def id(self) -> str:
        return f"bm-{self.view}-{self.region}-{self.side}"

    @property
    def label(self) -> str:
        return f"{words.place(self.region, self.side)} ({self.view})"


def _figure(view: str, midline: dict[str, tuple[int, int, int, int, int]]) -> list[Shape]:
    offset = _BACK_OFFSET if view == "back" else 0
    # Front: the viewer's left is the client's right. Back: it is the client's left.
    near, far = ("right", "left") if view == "front" else ("left", "right")
    shapes = [
        Shape(view, region, "both", x + offset, y, w, h, r)
        for region, (x, y, w, h, r) in midline.items()
    ]
    for region, (x, y, w, h, r) in _PAIRED.items():
        mirrored = 2 * _CENTRE - x - w
        shapes.append(Shape(view, region, near, x + offset, y, w, h, r))
        shapes.append(Shape(view, region, far, mirrored + offset, y, w, h, r))
    return shapes


FRONT = tuple(_figure("front", _MIDLINE_FRONT))
BACK = tuple(_figure("back", _MIDLINE_BACK))
SHAPES = FRONT + BACK
