"""What a label may not cover: boxes in a figure's px (markers, lines, labels already placed), checked at once.

Both label layouts (the map's, ``figures/cartography.py``, and the timeline's, ``figures/timeline_labels.py``)
keep their obstacles here: a figure may have thousands of markers, so a candidate spot is tested against all
of them as one numpy comparison, not box by box.
"""

from __future__ import annotations

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in px, y down


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def boxes_along(starts: np.ndarray, ends: np.ndarray, step_px: float = 6.0, half_px: float = 2.0) -> np.ndarray:
    """Small boxes every ``step_px`` along each segment from ``starts[i]`` to ``ends[i]`` (px, n x 2): a line
    as obstacles."""
    boxes = []
    for (x0, y0), (x1, y1) in zip(np.asarray(starts, dtype=float).reshape(-1, 2),
                                  np.asarray(ends, dtype=float).reshape(-1, 2), strict=True):
        steps = max(1, int(np.hypot(x1 - x0, y1 - y0) // step_px))
        t = np.linspace(0, 1, steps + 1)
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        boxes.append(np.column_stack([x - half_px, y - half_px, x + half_px, y + half_px]))
    return np.vstack(boxes) if boxes else np.empty((0, 4))


class Obstacles:
    """Fixed boxes (markers, lines) and the labels placed among them."""

    def __init__(self, fixed: np.ndarray):
        self.fixed = np.asarray(fixed, dtype=float).reshape(-1, 4)
        self.placed: list[Box] = []

    def free(self, box: Box) -> bool:
        x0, y0, x1, y1 = box
        f = self.fixed
        if len(f) and np.any((x0 < f[:, 2]) & (f[:, 0] < x1) & (y0 < f[:, 3]) & (f[:, 1] < y1)):
            return False
        return not any(overlaps(box, other) for other in self.placed)

    def add(self, box: Box) -> None:
        self.placed.append(box)
