"""A simple SVG line chart of each KPI's actuals over the periods, as a share of its target, drawn on the
server (no JavaScript). The table beside it holds the same figures for people who cannot see the chart."""

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, TOP, BOTTOM, RIGHT = 640, 260, 48, 16, 40, 16
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#28a197"]


@dataclass
class Series:
    label: str
    colour: str
    points: list[tuple[float, float]]
    path: str


def trend_chart(rows, trend) -> dict | None:
    """Lines for each KPI: the actual as a percentage of its target per period (100 = on target)."""
    labels = [f"{row.period.ends_on:%b %Y}" for row in rows if row.ratings]
    used = [row for row in rows if row.ratings]
    if len(used) < 2 or not trend:
        return None
    index_of = {row.period.pk: i for i, row in enumerate(used)}
    values = []
    raw = []
    for item in trend:
        kpi = item["kpi"]
        pts = []
        for row, point in zip(rows, item["points"], strict=True):
            if point is None or row.period.pk not in index_of or not kpi.target:
                continue
            share = float(point[0]) / float(kpi.target) * 100
            pts.append((index_of[row.period.pk], share))
            values.append(share)
        raw.append((kpi, pts))
    if not values:
        return None
    top = max(150.0, max(values) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(used) - 1)

    def xy(i, v):
        return round(LEFT + i * step, 1), round(TOP + plot_h - min(v, top) / top * plot_h, 1)

    series = []
    for n, (kpi, pts) in enumerate(raw):
        coords = [xy(i, v) for i, v in pts]
        if not coords:
            continue
        path = "M " + " L ".join(f"{x} {y}" for x, y in coords)
        series.append(Series(label=kpi.name, colour=COLOURS[n % len(COLOURS)], points=coords, path=path))
    target_y = xy(0, 100)[1]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "series": series,
        "target_y": target_y,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "x_labels": [(xy(i, 0)[0], label) for i, label in enumerate(labels)],
        "label_y": HEIGHT - 12,
        "top_label": f"{top:.0f}%",
        "top_y": TOP + 4,
    }
