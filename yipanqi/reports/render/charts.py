"""Bar charts as PNG for DOCX and PDF, drawn by matplotlib with the system Noto CJK font."""

import io
import subprocess
from functools import cache

from yipanqi.reports.briefing import Chart

FALLBACK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@cache
def cjk_font_path() -> str:
    """The Noto Sans CJK file fontconfig knows (fonts-noto-cjk), never a web font."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except OSError:
        out = ""
    return out if "CJK" in out else FALLBACK_FONT


def _font():
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path)


def png(chart: Chart, *, width: float = 6.0) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    font = _font()
    height = max(2.2, 0.32 * len(chart.categories) + 1)
    figure, axes = plt.subplots(figsize=(width, height), dpi=150)
    try:
        y = list(range(len(chart.categories)))
        axes.barh(y, chart.values, color="#b3261e")
        axes.set_yticks(y, chart.categories, fontproperties=font, fontsize=8)
        axes.invert_yaxis()
        axes.set_title(f"{chart.title}（{chart.unit}）", fontproperties=font, fontsize=10)
        for i, v in enumerate(chart.values):
            axes.text(v, i, f" {v:g}", va="center", fontsize=7)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
