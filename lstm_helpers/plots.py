"""One plot style for the whole series: readable, small files, colour-blind safe."""

from __future__ import annotations

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

# One colour per LSTM gate, the same in every diagram (lstm_helpers.diagrams) and every plot of the
# series; picked from COLORS as the gate bars of notebook 02 already use them (i blue, f vermillion, o green).
GATE_COLORS = {"i": COLORS[0], "f": COLORS[1], "g": COLORS[3], "o": COLORS[2]}


def use_style() -> None:
    """Apply the series' matplotlib style (call once, in the Setup cell)."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 3.6),
            "figure.dpi": 80,  # keeps saved notebooks small; zoom in the browser for detail
            "savefig.dpi": 110,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.fontsize": 9,
            "legend.frameon": False,
            "axes.prop_cycle": cycler(color=COLORS),
            "image.cmap": "viridis",
        }
    )
