"""A control that is live in Jupyter and still works in the built book (every chapter).

A :class:`DualView` wraps a pure function ``frame(**values) -> dict`` and a few sliders.

* In Jupyter (a kernel), it shows ipywidgets sliders and a matplotlib picture that is redrawn
  from ``frame`` whenever a slider moves.
* In the built book (no kernel, no network), it shows the same sliders as HTML range inputs
  and a small script (``dualview.js``) that draws frames precomputed by ``frame`` on the slider
  grid, stored in the page as JSON. The script only draws; every number comes from Python.

Both views come from one ``_repr_mimebundle_``: the widget view and a ``text/html`` fallback.
JupyterLab prefers the widget; the book is configured (``nb_mime_priority_overrides``) to
prefer the HTML. Element ids derive from a hash of the data, so outputs are deterministic.

A frame is a dict: ``"x"`` (n,) abscissae, ``"series"`` a list of (n,) arrays (non-positive
values are gaps on a log axis), ``"readout"`` a short text formatted in Python.
"""

import hashlib
import html
import io
import itertools
import json
from importlib import resources

import numpy as np


def _log10(y):
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)


class DualView:
    """Sliders over a grid of values and a line chart of ``frame(**values)``.

    Parameters
    ----------
    frame : callable
        Pure function of the slider values (keyword arguments) returning a frame dict.
    sliders : list of (name, label, values)
        ``name`` is the keyword passed to ``frame``; ``values`` a sequence of numbers.
    labels : list of str
        Legend entries, one per series.
    title, xlabel, ylabel : str
    logy : bool
        Draw y on a log10 axis.
    init : dict, optional
        Initial value per slider name; default the middle of each grid.
    ylim : (float, float), optional
        The y range in data units; default the range of every frame, so that all compare.
    """

    def __init__(self, frame, sliders, labels, title, xlabel, ylabel, logy=True, init=None,
                 ylim=None):
        if not callable(frame):
            raise ValueError(f"frame: expected a callable, received {type(frame).__name__}")
        self.frame = frame
        self.sliders = []
        for s in sliders:
            if len(s) != 3 or len(s[2]) == 0:
                raise ValueError(f"sliders: expected (name, label, non-empty values), received "
                                 f"{s!r}")
            self.sliders.append((s[0], s[1], [v.item() if hasattr(v, "item") else v
                                              for v in s[2]]))
        init = init or {}
        self.init = [vals.index(init[n]) if n in init else len(vals) // 2
                     for n, _, vals in self.sliders]
        self.labels, self.title, self.xlabel, self.ylabel = list(labels), title, xlabel, ylabel
        self.logy = logy
        if ylim is not None and (len(ylim) != 2 or not ylim[0] < ylim[1]
                                 or (logy and ylim[0] <= 0)):
            raise ValueError(f"ylim: expected (low, high) with low < high (and low > 0 on a "
                             f"log axis), received {ylim!r}")
        self._ylim = ylim
        self._frames = None

    # -- the data, shared by both views --------------------------------------------------
    def _transform(self, y):
        return _log10(y) if self.logy else np.asarray(y, dtype=np.float64)

    def frames(self):
        """Every frame on the slider grid, in row-major order of the sliders (cached)."""
        if self._frames is None:
            grids = [vals for _, _, vals in self.sliders]
            names = [n for n, _, _ in self.sliders]
            self._frames = [self.frame(**dict(zip(names, combo)))
                            for combo in itertools.product(*grids)]
        return self._frames

    def ylim(self):
        """The y range (transformed) shared by every frame, so that pictures compare."""
        if self._ylim is not None:
            return tuple(float(v) for v in self._transform(self._ylim))
        ys = np.concatenate([self._transform(s).ravel() for f in self.frames()
                             for s in f["series"]])
        ys = ys[np.isfinite(ys)]
        lo, hi = float(ys.min()), float(ys.max())
        pad = 0.05 * (hi - lo or 1.0)
        return lo - pad, hi + pad

    # -- the book's view -------------------------------------------------------------------
    def spec(self):
        """The JSON-ready description that ``dualview.js`` draws (values rounded to 4 digits)."""
        def series(y):
            return [None if not np.isfinite(v) else round(float(v), 4)
                    for v in self._transform(y)]
        lo, hi = self.ylim()
        return {"title": self.title, "xlabel": self.xlabel, "ylabel": self.ylabel,
                "labels": self.labels, "logy": self.logy, "ylim": [round(lo, 4), round(hi, 4)],
                "sliders": [{"name": n, "label": lab, "values": [_fmt(v) for v in vals],
                             "init": i} for (n, lab, vals), i in zip(self.sliders, self.init)],
                "frames": [{"x": [round(x, 6) for x in np.asarray(f["x"]).tolist()],
                            "series": [series(y) for y in f["series"]],
                            "readout": f["readout"]} for f in self.frames()]}

    def html(self):
        """Self-contained HTML: the sliders, an SVG and the script that draws the frames."""
        data = json.dumps(self.spec(), separators=(",", ":"), sort_keys=True)
        uid = "rnnlib-dv-" + hashlib.sha1(data.encode()).hexdigest()[:12]
        js = resources.files(__package__).joinpath("dualview.js").read_text()
        safe = data.replace("</", "<\\/")
        return (f"<style>{_CSS}</style>\n"
                f'<div class="rnnlib-dualview" id="{uid}" '
                f'aria-label="{html.escape(self.title)}"></div>\n'
                f'<script type="application/json" id="{uid}-data">{safe}</script>\n'
                f"<script>\n{js}"
                f'rnnlibDualView(document.getElementById("{uid}"), '
                f'JSON.parse(document.getElementById("{uid}-data").textContent));\n</script>')

    # -- the live view ---------------------------------------------------------------------
    def widget(self):
        """The live ipywidgets view: sliders, the picture (PNG) and the readout."""
        import ipywidgets as w
        from matplotlib.figure import Figure

        sliders = [w.SelectionSlider(options=[(_fmt(v), v) for v in vals], value=vals[i],
                                     description=label, continuous_update=True,
                                     layout=w.Layout(width="420px"))
                   for (_, label, vals), i in zip(self.sliders, self.init)]
        fig = Figure(figsize=(6.4, 3.4), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        styles = ["-", "--", "-.", ":"]
        lines = [ax.plot([], [], styles[k % 4], lw=2, label=lab)[0]
                 for k, lab in enumerate(self.labels)]
        ax.set(xlabel=self.xlabel, ylabel=self.ylabel, title=self.title)
        if self.logy:
            ax.set_yscale("log")
            lo, hi = self.ylim()
            ax.set_ylim(10 ** lo, 10 ** hi)
        else:
            ax.set_ylim(*self.ylim())
        ax.legend(loc="upper right")
        image, readout = w.Image(format="png"), w.Label()

        def redraw(_=None):
            f = self.frame(**{n: s.value for (n, _, _), s in zip(self.sliders, sliders)})
            x = np.asarray(f["x"], dtype=np.float64)
            for line, y in zip(lines, f["series"]):
                y = np.asarray(y, dtype=np.float64)
                line.set_data(x, np.where(y > 0, y, np.nan) if self.logy else y)
            ax.set_xlim(x[0], x[-1] if x[-1] > x[0] else x[0] + 1)
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            image.value, readout.value = buf.getvalue(), f["readout"]

        for s in sliders:
            s.observe(redraw, names="value")
        redraw()
        box = w.VBox([*sliders, image, readout])
        box.redraw = redraw          # for tests and benchmarks: one full update
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        n = len(self.frames())
        bundle = {"text/plain": f"DualView({self.title!r}, {n} frames)",
                  "text/html": self.html()}
        try:
            view = self.widget()._repr_mimebundle_()
        except ImportError:          # no ipywidgets or matplotlib: the HTML view alone
            return bundle
        key = "application/vnd.jupyter.widget-view+json"
        if view and key in view:
            bundle[key] = view[key]
        return bundle


_CSS = (".rnnlib-dualview{margin:0.5em 0 1em}"
        ".rnnlib-dv-row{display:flex;align-items:center;gap:0.75em;margin:0.2em 0}"
        ".rnnlib-dv-name{min-width:4.5em;font-weight:600}"
        ".rnnlib-dv-row input{width:18em}"
        ".rnnlib-dv-value{min-width:4em;font-variant-numeric:tabular-nums}"
        ".rnnlib-dv-readout{font-family:monospace;margin-top:0.3em}")


def _fmt(v):
    """A slider value as short text: integers as such, floats with up to 4 significant digits."""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return f"{float(v):.4g}"
