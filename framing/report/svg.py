"""Inline SVG charts drawn on the server: no chart library, no request, nothing to load.

Every string that reaches the SVG goes through ``_esc`` (text) or ``_attrs`` (attributes), so
an outlet called ``<script>`` is drawn as text. The functions return ``markupsafe.Markup`` so
that the template inserts them as they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

# Okabe & Ito (2008) colour-blind-safe palette; every label also has its own shape and its name
# written next to it, so colour is never the only cue.
LABEL_COLOURS = {"wire": "#0072B2", "state": "#D55E00", "partisan": "#CC79A7"}
LABEL_SHAPES = {"wire": "circle", "state": "square", "partisan": "triangle"}
LABEL_SYMBOLS = {"wire": "\u25cf", "state": "\u25a0", "partisan": "\u25b2"}
OTHER_COLOUR, OTHER_SHAPE, OTHER_SYMBOL = "#666666", "diamond", "\u25c6"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:12px"


def colour(label: str | None) -> str:
    return LABEL_COLOURS.get(label or "", OTHER_COLOUR)


def shape(label: str | None) -> str:
    return LABEL_SHAPES.get(label or "", OTHER_SHAPE)


def symbol(label: str | None) -> str:
    return LABEL_SYMBOLS.get(label or "", OTHER_SYMBOL)


def _esc(text: Any) -> str:
    return str(escape("" if text is None else str(text)))


def _attrs(**kw: Any) -> str:
    parts = []
    for key, value in kw.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.1f}"
        parts.append(f'{name}="{_esc(value)}"')
    return " ".join(parts)


def _el(tag: str, body: str = "", **kw: Any) -> str:
    return f"<{tag} {_attrs(**kw)}>{body}</{tag}>" if body else f"<{tag} {_attrs(**kw)}/>"


def _svg(width: float, height: float, body: str, title: str, desc: str = "") -> Markup:
    head = f"<title>{_esc(title)}</title>" + (f"<desc>{_esc(desc)}</desc>" if desc else "")
    return Markup(
        f'<svg role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="{FONT};max-width:100%;height:auto">'
        f"{head}{body}</svg>"
    )


def marker(label: str | None, x: float, y: float, r: float, body: str = "", **kw: Any) -> str:
    """A point in the label's shape and colour; ``body`` is already-escaped SVG (a <title>)."""
    fill = colour(label)
    kind = shape(label)
    if kind == "circle":
        return _el("circle", body, cx=x, cy=y, r=r, fill=fill, **kw)
    if kind == "square":
        return _el(
            "rect",
            body,
            x=x - r * 0.9,
            y=y - r * 0.9,
            width=r * 1.8,
            height=r * 1.8,
            fill=fill,
            **kw,
        )
    if kind == "triangle":
        pts = (
            f"{x:.1f},{y - r * 1.15:.1f} {x - r * 1.05:.1f},{y + r * 0.75:.1f} "
            f"{x + r * 1.05:.1f},{y + r * 0.75:.1f}"
        )
        return _el("polygon", body, points=pts, fill=fill, **kw)
    pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    return _el("polygon", body, points=pts, fill=fill, **kw)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values from at or below ``lo`` to at or above ``hi`` (Heckbert, 'Nice numbers for graph labels', 1990)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else [0.0]
    raw = (hi - lo) / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    ticks = [round(k * step, 10) for k in range(first, last + 1)]
    return ticks


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}".rstrip("0").rstrip(".")
    return f"{v:.2f}".rstrip("0").rstrip(".")


def text_width(text: str, px: float = 12.0) -> float:
    """A generous estimate of a label's drawn width (no font metrics on the server): wide
    enough for bold digits and capitals, so that a label is never cut at the chart's edge."""
    return len(text) * px * 0.62 + 4


def _feature_label(text: str, feature: tuple[str, str] | None, **kw: Any) -> str:
    """An axis or chart title naming a feature in plain words; the code name and meaning are
    on hover (``<title>``) and in ``data-feature``."""
    if feature is None:
        return _el("text", _esc(text), **kw)
    code, hover = feature
    return _el("text", f"<title>{_esc(hover)}</title>{_esc(text)}", data_feature=code,
               class_="feat", **kw)


def _docs(n: int) -> str:
    return f"{n} doc" if n == 1 else f"{n} docs"


def pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


# -- label shares with Wilson whiskers --------------------------------------------------------


def label_share_chart(groups: Sequence[dict[str, Any]], labels: Sequence[str]) -> Markup:
    """One block per group (overall, then outlets): a bar per label, its 95% Wilson interval as
    a whisker and the share written out, e.g. ``wire  45% (38–52%)``.

    ``groups``: ``{"name", "n", "shares": {label: {"share", "lo", "hi", "count"}}}``.
    """
    left, bar_w = 78, 360
    row_h, head_h, gap = 15, 20, 10
    notes = [
        f"{pct(s['share'])} ({pct(s['lo'])}–{pct(s['hi'])}), {_docs(s['count'])}"
        for g in groups
        for s in g["shares"].values()
        if s
    ]
    right = max([170.0] + [text_width(t) + 10 for t in notes])
    heads = [text_width(f"{g['name']}  (n = {g['n']})", 12.6) + 6 for g in groups]
    width = max([left + bar_w + right] + heads)
    body: list[str] = []
    y = 4.0
    for g in groups:
        body.append(
            _el("text", _esc(f"{g['name']}  (n = {g['n']})"), x=2, y=y + 14, font_weight="600")
        )
        y += head_h
        for lab in labels:
            s = g["shares"].get(lab)
            if not s:
                continue
            cy = y + row_h / 2
            body.append(
                _el("text", _esc(f"{symbol(lab)} {lab}"), x=left - 6, y=cy + 4, text_anchor="end")
            )
            body.append(_el("rect", x=left, y=y + 2, width=bar_w, height=row_h - 4, fill="#eeeeee"))
            w = bar_w * s["share"]
            if w > 0:
                body.append(
                    _el("rect", x=left, y=y + 2, width=w, height=row_h - 4, fill=colour(lab))
                )
            x0, x1 = left + bar_w * s["lo"], left + bar_w * s["hi"]
            body.append(_el("line", x1=x0, x2=x1, y1=cy, y2=cy, stroke="#111", stroke_width=1.5))
            for xx in (x0, x1):
                body.append(
                    _el("line", x1=xx, x2=xx, y1=cy - 4, y2=cy + 4, stroke="#111", stroke_width=1.5)
                )
            txt = f"{pct(s['share'])} ({pct(s['lo'])}–{pct(s['hi'])}), {_docs(s['count'])}"
            body.append(_el("text", _esc(txt), x=left + bar_w + 6, y=cy + 4))
            y += row_h
        y += gap
    if not groups:
        body.append(_el("text", "no scored documents", x=2, y=20))
        y = 30
    desc = "Share of each label among scored documents, with 95% Wilson intervals as whiskers."
    return _svg(width, y, "".join(body), "Label shares by outlet", desc)


# -- scatter ----------------------------------------------------------------------------------


def scatter(
    points: Iterable[tuple[float, float, str | None, str, int]],
    x_title: str,
    y_title: str,
    labels: Sequence[str],
    *,
    x_feature: tuple[str, str] | None = None,
    y_feature: tuple[str, str] | None = None,
) -> Markup:
    """Scatter of (x, y, label, hover text, row index); each point carries ``data-i`` so a click
    opens that document. The axes end at the 99.5th percentile; points beyond sit on the edge
    with a black outline and say so on hover."""
    pts = list(points)
    width, height = 640, 420
    ml, mr, mt, mb = 56, 130, 12, 44
    height = max(height, int(text_width(y_title) + mt + mb + 16))  # the y title fits its axis
    legend_w = max([0.0] + [text_width(lab) for lab in labels])
    if 30 + legend_w + 8 > mr:  # a long label name widens the legend, not the plot
        width += 30 + legend_w + 8 - mr
        mr = 30 + legend_w + 8
    pw, ph = width - ml - mr, height - mt - mb
    xs = sorted(p[0] for p in pts)
    ys = sorted(p[1] for p in pts)

    def upper(vals: list[float]) -> float:
        if not vals:
            return 1.0
        hi = vals[min(len(vals) - 1, math.ceil(0.995 * (len(vals) - 1)))]
        return hi if hi > 0 else (vals[-1] if vals[-1] > 0 else 1.0)

    x_lo, y_lo = min(0.0, xs[0] if xs else 0.0), min(0.0, ys[0] if ys else 0.0)
    x_hi, y_hi = upper(xs), upper(ys)
    xt, yt = nice_ticks(x_lo, x_hi), nice_ticks(y_lo, y_hi)
    x_hi, y_hi = max(x_hi, xt[-1]), max(y_hi, yt[-1])

    def sx(v: float) -> float:
        return ml + pw * (v - x_lo) / (x_hi - x_lo or 1)

    def sy(v: float) -> float:
        return mt + ph - ph * (v - y_lo) / (y_hi - y_lo or 1)

    body = [_el("rect", x=ml, y=mt, width=pw, height=ph, fill="#fafafa", stroke="#bbb")]
    for t in xt:
        body.append(_el("line", x1=sx(t), x2=sx(t), y1=mt, y2=mt + ph, stroke="#e3e3e3"))
        body.append(_el("text", _esc(_fmt(t)), x=sx(t), y=mt + ph + 15, text_anchor="middle"))
    for t in yt:
        body.append(_el("line", x1=ml, x2=ml + pw, y1=sy(t), y2=sy(t), stroke="#e3e3e3"))
        body.append(_el("text", _esc(_fmt(t)), x=ml - 6, y=sy(t) + 4, text_anchor="end"))
    body.append(
        _feature_label(x_title, x_feature, x=ml + pw / 2, y=height - 6, text_anchor="middle")
    )
    body.append(
        _feature_label(
            y_title,
            y_feature,
            x=14,
            y=mt + ph / 2,
            text_anchor="middle",
            transform=f"rotate(-90 14 {mt + ph / 2:.1f})",
        )
    )
    body.append('<g class="points" fill-opacity="0.7">')
    for x, y, lab, hover, idx in pts:
        clipped = x > x_hi or y > y_hi
        px, py = sx(min(x, x_hi)), sy(min(y, y_hi))
        tip = hover + (f"  (x = {_fmt(x)}, y = {_fmt(y)}, beyond the axis)" if clipped else "")
        body.append(
            marker(
                lab,
                px,
                py,
                3.2,
                f"<title>{_esc(tip)}</title>",
                data_i=idx,
                class_="pt",
                stroke="#000" if clipped else None,
            )
        )
    body.append("</g>")
    # legend: shape + colour + name
    ly = mt + 10
    for lab in labels:
        body.append(marker(lab, ml + pw + 18, ly, 5))
        body.append(_el("text", _esc(lab), x=ml + pw + 30, y=ly + 4))
        ly += 18
    desc = f"{len(pts)} documents; x: {x_title}; y: {y_title}; colour and shape give the label."
    return _svg(width, height, "".join(body), f"{y_title} against {x_title}", desc)


# -- box plots per label -------------------------------------------------------------------------


def box_plot(
    feature: str,
    per_label: dict[str, dict[str, float] | None],
    labels: Sequence[str],
    *,
    code: tuple[str, str] | None = None,
) -> Markup:
    """Horizontal box plot per label: whiskers 5th–95th percentile, box quartiles, median line.
    ``feature`` is the title drawn; ``code`` = (code name, hover text) when it is a feature."""
    width, row_h, ml, mr, mt = 470, 22, 84, 60, 22
    width = max(width, int(text_width(feature, 12.6)) + 6)
    pw = width - ml - mr
    present = [s for s in per_label.values() if s]
    lo = min((s["p05"] for s in present), default=0.0)
    hi = max((s["p95"] for s in present), default=1.0)
    lo = min(lo, 0.0) if lo >= 0 and hi > 0 else lo
    ticks = nice_ticks(lo, hi, 4)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    if hi <= lo:
        hi = lo + 1

    def sx(v: float) -> float:
        return ml + pw * (v - lo) / (hi - lo)

    height = mt + row_h * len(labels) + 22
    body = [_feature_label(feature, code, x=2, y=14, font_weight="600")]
    for i, lab in enumerate(labels):
        y = mt + i * row_h
        cy = y + row_h / 2
        body.append(
            _el("text", _esc(f"{symbol(lab)} {lab}"), x=ml - 6, y=cy + 4, text_anchor="end")
        )
        s = per_label.get(lab)
        if not s:
            body.append(_el("text", "not measured", x=ml, y=cy + 4, fill="#555"))
            continue
        body.append(_el("line", x1=sx(s["p05"]), x2=sx(s["p95"]), y1=cy, y2=cy, stroke="#333"))
        body.append(
            _el(
                "rect",
                x=sx(s["q1"]),
                y=y + 4,
                width=max(1.0, sx(s["q3"]) - sx(s["q1"])),
                height=row_h - 8,
                fill=colour(lab),
                fill_opacity="0.55",
                stroke="#333",
            )
        )
        body.append(
            _el(
                "line",
                x1=sx(s["median"]),
                x2=sx(s["median"]),
                y1=y + 3,
                y2=y + row_h - 3,
                stroke="#000",
                stroke_width=2,
            )
        )
        body.append(_el("text", _esc(f"n={s['n']}"), x=ml + pw + 6, y=cy + 4, fill="#333"))
    axis_y = mt + row_h * len(labels) + 2
    body.append(_el("line", x1=ml, x2=ml + pw, y1=axis_y, y2=axis_y, stroke="#999"))
    for t in ticks:
        body.append(
            _el("text", _esc(_fmt(t)), x=sx(t), y=axis_y + 14, text_anchor="middle", fill="#333")
        )
    desc = f"{feature} by label: box = quartiles, line = median, whiskers = 5th to 95th percentile."
    return _svg(width, height, "".join(body), f"{feature} by label", desc)
