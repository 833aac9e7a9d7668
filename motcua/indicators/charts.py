"""Server-rendered SVG charts: no JavaScript, no library, a few hundred bytes each."""

from django.utils.html import format_html, format_html_join

from motcua.indicators.formulas import ratio

WIDTH, HEIGHT, PAD = 640, 220, 30


def trend_svg(points) -> str:
    """Bars: dossiers received per month; line: % processed on time (right axis 0–100 %)."""
    if not points:
        return ""
    top = max([p.received for p in points] + [1])
    step = (WIDTH - 2 * PAD) / len(points)
    plot_h = HEIGHT - 2 * PAD
    bars, labels, line = [], [], []
    for i, p in enumerate(points):
        x = PAD + i * step
        h = plot_h * p.received / top
        bars.append(
            (
                f"{x + step * 0.15:.1f}",
                f"{HEIGHT - PAD - h:.1f}",
                f"{step * 0.7:.1f}",
                f"{h:.1f}",
                f"{p.period.label}: {p.received} hồ sơ tiếp nhận",
            )
        )
        labels.append((f"{x + step / 2:.1f}", f"{HEIGHT - PAD + 14}", f"{p.period.start:%m/%y}"))
        value = ratio(p.on_time, p.finished)
        if value is not None:
            line.append(f"{x + step / 2:.1f},{HEIGHT - PAD - plot_h * float(value) / 100:.1f}")
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>{}{}{}'
        '<text x="{}" y="14" font-size="11">{}</text></svg>',
        WIDTH,
        HEIGHT,
        "Xu hướng theo tháng",
        PAD,
        HEIGHT - PAD,
        WIDTH - PAD,
        HEIGHT - PAD,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b4f9c"><title>{}</title></rect>',
            bars,
        ),
        format_html_join(
            "", '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>', labels
        ),
        format_html(
            '<polyline points="{}" fill="none" stroke="#a3171b" stroke-width="2"/>', " ".join(line)
        )
        if len(line) > 1
        else "",
        PAD,
        f"Cột: hồ sơ tiếp nhận (tối đa {top}); đường đỏ: % đúng hạn",
    )
