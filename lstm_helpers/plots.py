"""One plot style for the whole series: readable, small files, colour-blind safe."""

from __future__ import annotations

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

# One colour per LSTM gate, the same in every diagram (lstm_helpers.diagrams) and every plot of the
# series; picked from COLORS as the gate bars of notebook 02 already use them (i blue, f vermillion, o green).
GATE_COLORS = {"i": COLORS[0], "f": COLORS[1], "g": COLORS[3], "o": COLORS[2]}


# Figures are laid out at FIGURE_DPI CSS pixels per inch (a 7-inch figure shows 700 px wide) and stored
# with FIGURE_SCALE device pixels per CSS pixel (the inline backend's 'retina' PNG), crisp on high-density
# screens and in static renders. Measured on a 7 x 3.6 in line plot: 19 KB at the old 80 dpi, 27 KB at
# 100 dpi, 59 KB at 100 dpi retina (a 10 x 10 confusion matrix: 39, 56, 131 KB), so the largest notebook
# (04, ten figures) stays near 2 MB, under the 5 MB a saved notebook may weigh.
# tests/test_static_render.py checks every saved figure against these two numbers.
FIGURE_DPI = 100
FIGURE_SCALE = 2
# Text sizes in points; at 100 dpi 10.5 pt is 14.6 px, at least JupyterLab's 14 px body text.
FONT_SIZE = 11
SMALL_FONT_SIZE = 10.5  # tick labels, legends, numbers written in cells (e.g. a confusion matrix)


def use_style() -> None:
    """Apply the series' matplotlib style (call once, in the Setup cell).

    Under a Jupyter kernel it also switches the inline backend to 'retina'
    PNGs (FIGURE_SCALE x the pixels, shown at the same size).
    """
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 3.6),
            "figure.dpi": FIGURE_DPI,
            "savefig.dpi": FIGURE_DPI * FIGURE_SCALE,
            "font.size": FONT_SIZE,
            "xtick.labelsize": SMALL_FONT_SIZE,
            "ytick.labelsize": SMALL_FONT_SIZE,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.labelsize": FONT_SIZE,
            "legend.fontsize": SMALL_FONT_SIZE,
            "figure.titlesize": 12,
            "legend.frameon": False,
            "axes.prop_cycle": cycler(color=COLORS),
            "image.cmap": "viridis",
        }
    )
    _use_retina_inline()


def _use_retina_inline() -> None:
    """Inline figures as 'retina' PNGs when running in a Jupyter kernel; nothing elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    import matplotlib.pyplot  # noqa: F401  (loads the inline backend, which sets its formats once)
    from matplotlib_inline.backend_inline import set_matplotlib_formats
    from matplotlib_inline.config import InlineBackend

    InlineBackend.instance(parent=shell).figure_formats = {"retina"}  # kept if %matplotlib inline runs again
    set_matplotlib_formats("retina")
