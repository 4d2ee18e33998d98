"""A simple SVG line chart of a subject's maturity over time: one line per component of the matrix, the
approach reached (separate 1 to integrated 4) at each assessment, drawn on the server with no JavaScript.
The comparison table beside it holds the same answers for people who cannot see the chart."""

from dataclasses import dataclass

from commissioning.assurance.maturity.models import Approach

WIDTH, HEIGHT, LEFT, TOP, BOTTOM, RIGHT = 640, 240, 96, 16, 36, 24
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92"]
# Small offsets so lines on the same approach stay visible side by side.
OFFSETS = [-4.5, -1.5, 1.5, 4.5]


@dataclass
class Series:
    label: str
    colour: str
    points: list[tuple[float, float]]
    path: str


def maturity_chart(assessments, rows) -> dict | None:
    """Needs two or more assessments; otherwise the table alone says it all."""
    if len(assessments) < 2:
        return None
    levels = len(Approach.values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(assessments) - 1)

    def xy(i: int, level: int, n: int) -> tuple[float, float]:
        y = TOP + plot_h - (level - 1) / (levels - 1) * plot_h + OFFSETS[n % len(OFFSETS)]
        return round(LEFT + i * step, 1), round(y, 1)

    series = []
    for n, row in enumerate(rows):
        coords = [xy(i, rating.level, n) for i, rating in enumerate(row.cells) if rating is not None]
        if not coords:
            continue
        path = "M " + " L ".join(f"{x} {y}" for x, y in coords)
        series.append(Series(row.label, COLOURS[n % len(COLOURS)], coords, path))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "series": series,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "y_labels": [
            (round(TOP + plot_h - i / (levels - 1) * plot_h, 1), label)
            for i, label in enumerate(Approach.labels)
        ],
        "x_labels": [
            (round(LEFT + i * step, 1), f"{a.assessed_on:%b %Y}") for i, a in enumerate(assessments)
        ],
        "label_y": HEIGHT - 10,
    }
