"""The batch summary as a small SVG chart, written by hand (no plotting dependency)."""

from __future__ import annotations

from html import escape

from apportion.portfolio.summary import ENDS, OWNERS, Summary, ranked

_WIDTH, _BAR, _GAP, _LABEL = 760, 18, 6, 250
_COLOURS = {
    "available": "#2e7d32",
    "barred": "#c62828",
    "undetermined": "#9e9e9e",
    "no_loss": "#bdbdbd",
}


def _panel(title: str, items: list[tuple[str, int, str]], y: int, unit: str) -> tuple[str, int]:
    parts = [f'<text x="10" y="{y + 14}" font-weight="bold">{escape(title)}</text>']
    y += 24
    top = max((v for _, v, _ in items), default=0) or 1
    span = _WIDTH - _LABEL - 150
    for label, value, colour in items:
        width = max(1, round(span * value / top)) if value else 0
        shown = f"${value / 100:,.0f}" if unit == "cents" else f"{value:,}"
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{_LABEL}" y="{y}" width="{width}" height="{_BAR}" fill="{colour}"/>'
            f'<text x="{_LABEL + width + 6}" y="{y + 13}">{shown}</text>'
        )
        y += _BAR + _GAP
    return "".join(parts), y + 14


def summary_svg(summary: Summary, title: str = "Portfolio triage") -> str:
    """Claims by status and by deciding rule, and the recoverable amount by owner."""
    body, y = [], 34
    panels = [
        (
            "Candidate claims by status",
            [(s, n, _COLOURS.get(s, "#546e7a")) for s, n in ranked(summary.by_status)],
            "count",
        ),
        (
            "By the rule that decided them",
            [(r, n, "#546e7a") for r, n in ranked(summary.by_decided_by)],
            "count",
        ),
        (
            "Recoverable by owner (least and most, while facts are unknown)",
            [
                (
                    f"{OWNERS[owner]}, {end}"
                    + (
                        " (at least: some rows have no known most)"
                        if summary.total(owner, end) is None
                        else ""
                    ),
                    summary.cents_by_owner[f"{owner}_{end}"],
                    colour,
                )
                for owner in OWNERS
                for end, colour in zip(ENDS, ("#1565c0", "#90caf9"), strict=True)
            ],
            "cents",
        ),
    ]
    for heading, items, unit in panels:
        svg, y = _panel(heading, items, y, unit)
        body.append(svg)
    rejected = f" · {summary.rejected:,} rows rejected" if summary.rejected else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{y}" '
        f'font-family="sans-serif" font-size="12">'
        f'<rect width="100%" height="100%" fill="white"/>'
        f'<text x="10" y="20" font-size="15" font-weight="bold">{escape(title)}: '
        f"{summary.rows:,} rows{rejected}</text>"
    )
    return head + "".join(body) + "</svg>\n"
