"""Controls that are live in Jupyter and still work in the built book (every chapter).

A control wraps a pure function ``frame(**values) -> dict`` and a few sliders over grids.

* In Jupyter (a kernel), it shows ipywidgets sliders (and dropdowns) and a picture redrawn
  from ``frame`` whenever a control moves.
* In the built book (no kernel, no network), it shows the same controls as HTML range inputs
  (and ``<select>`` menus) and a small script (``dualview.js``) that draws frames precomputed by
  ``frame`` on the grid, stored in the page as JSON. The script only draws; every number comes
  from Python.

A grid of numbers is a slider; a grid of anything else (names: models, activations) is a menu.
The controls' markup is written in Python (``controls_html``): each input has a
``<label for>``, and a range input's ``aria-valuetext`` is the value shown ("T = 50"), not its
position on the grid; the script keeps it so at every move.

Both views come from one ``_repr_mimebundle_``: the widget view and a ``text/html`` fallback.
JupyterLab prefers the widget; the book is configured (``nb_mime_priority_overrides``) to
prefer the HTML. Element ids derive from a hash of the data, so outputs are deterministic.

Two kinds of picture:

:class:`LineView`
    A line chart. A frame is ``{"x": (n,), "series": [(n,), ...], "readout": str}``; non-positive
    values are gaps on a log axis. Live, it is drawn by matplotlib.
:class:`SceneView`
    A drawing made of SVG primitives laid out in Python (a graph of neurons, a loss surface with
    an arrow). A frame is ``{"scene": [primitive, ...], "readout": str}``, a primitive a dict
    ``{"tag": "circle", "cx": 10, ...}`` of SVG attributes, with ``"text"`` for a text's
    content. A ``background`` scene, drawn under every frame, is stored once. Live, the same
    primitives are serialised to an SVG string in Python and shown in an ipywidgets HTML.
"""

import hashlib
import html
import io
import itertools
import json
import math
from importlib import resources

import numpy as np

SVG_TAGS = ("line", "polyline", "polygon", "path", "circle", "ellipse", "rect", "text", "image")


class _Control:
    """Sliders over a grid of values; subclasses say what one frame looks like.

    Parameters
    ----------
    frame : callable
        Pure function of the slider values (keyword arguments) returning a frame dict.
    sliders : list of (name, label, values)
        ``name`` is the keyword passed to ``frame``; ``values`` a non-empty sequence. Numbers
        (int or float, not bool) give a slider over the grid; values of any other type (str:
        names of models, activations) give a menu instead (a ``<select>`` in the book, a
        Dropdown live), whose entries are the values as text.
    title : str
    init : dict, optional
        Initial value per slider name; default the middle of each grid.
    """

    kind = None

    def __init__(self, frame, sliders, title, init=None):
        if not callable(frame):
            raise ValueError(f"frame: expected a callable, received {type(frame).__name__}")
        self.frame, self.title = frame, title
        self.sliders = []
        for s in sliders:
            if len(s) != 3 or len(s[2]) == 0:
                raise ValueError(f"sliders: expected (name, label, non-empty values), received "
                                 f"{s!r}")
            self.sliders.append((s[0], s[1], [v.item() if hasattr(v, "item") else v
                                              for v in s[2]]))
        self.menus = [not all(_is_number(v) for v in vals) for _, _, vals in self.sliders]
        init = init or {}
        for n, _, vals in self.sliders:
            if n in init and init[n] not in vals:
                raise ValueError(f"init[{n!r}]: expected one of {vals}, received {init[n]!r}")
        self.init = [vals.index(init[n]) if n in init else len(vals) // 2
                     for n, _, vals in self.sliders]
        self._frames = None

    def frames(self):
        """Every frame on the slider grid, in row-major order of the sliders (cached)."""
        if self._frames is None:
            names = [n for n, _, _ in self.sliders]
            self._frames = [self.frame(**dict(zip(names, combo)))
                            for combo in itertools.product(*(v for _, _, v in self.sliders))]
        return self._frames

    # -- the book's view -------------------------------------------------------------------
    def _frame_spec(self, f):
        raise NotImplementedError

    def _extra_spec(self):
        return {}

    def spec(self):
        """The JSON-ready description that ``dualview.js`` draws."""
        return {"kind": self.kind, "title": self.title, **self._extra_spec(),
                "sliders": [{"name": n, "label": lab, "values": [_fmt(v) for v in vals],
                             "init": i, **({"menu": True} if menu else {})}
                            for (n, lab, vals), i, menu in zip(self.sliders, self.init,
                                                                self.menus)],
                "frames": [{**self._frame_spec(f), "readout": f["readout"]}
                           for f in self.frames()]}

    def controls(self):
        """The rows of ``controls_html``: a range input per numeric grid, else a menu."""
        rows = []
        for (n, lab, vals), i, menu in zip(self.sliders, self.init, self.menus):
            shown = [_fmt(v) for v in vals]
            if menu:
                rows.append({"type": "menu", "name": n, "label": lab,
                             "options": [(str(k), t) for k, t in enumerate(shown)],
                             "value": str(i)})
            else:
                rows.append({"type": "range", "name": n, "label": lab, "min": 0,
                             "max": len(vals) - 1, "value": i, "text": shown[i]})
        return rows

    def html(self):
        """Self-contained HTML: the controls, an SVG and the script that draws the frames."""
        return embed_html(self.spec(), self.title, "views/dualview.js", "rnnlibDualView",
                          self.controls())

    # -- the live view ---------------------------------------------------------------------
    def _live_picture(self):
        """Return (widget, draw) where draw(frame) updates the widget."""
        raise NotImplementedError

    def widget(self):
        """The live ipywidgets view: sliders (and dropdowns), the picture and the readout.

        A numeric grid is a SelectionSlider, a grid of names a Dropdown (as in the book); each
        shows its label (``description``) and its value as text (the slider's readout).
        The returned box has a ``redraw()`` method: one full update (compute and draw), used by
        tests and benchmarks.
        """
        import ipywidgets as w

        def control(label, vals, i, menu):
            common = {"options": [(_fmt(v), v) for v in vals], "value": vals[i],
                      "description": label, "style": {"description_width": "initial"}}
            if menu:
                return w.Dropdown(**common, layout=w.Layout(width="max-content"))
            return w.SelectionSlider(**common, readout=True, continuous_update=True,
                                     layout=w.Layout(width="420px"))

        sliders = [control(label, vals, i, menu) for (_, label, vals), i, menu
                   in zip(self.sliders, self.init, self.menus)]
        picture, draw = self._live_picture()
        readout = w.Label()

        def redraw(_=None):
            f = self.frame(**{n: s.value for (n, _, _), s in zip(self.sliders, sliders)})
            draw(f)
            readout.value = f["readout"]

        for s in sliders:
            s.observe(redraw, names="value")
        redraw()
        box = w.VBox([*sliders, picture, readout])
        box.redraw = redraw
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"{type(self).__name__}({self.title!r}, {len(self.frames())} frames)"
        return mimebundle(text, self.html, self.widget)


class LineView(_Control):
    """Sliders and a line chart of ``frame(**values)``.

    Parameters
    ----------
    frame : callable
        ``frame(**values) -> {"x": (n,), "series": [(n,), ...], "readout": str}``.
    sliders : list of (name, label, values)
        A slider per grid of numbers, a menu per grid of names (see the module docstring).
    labels : list of str
        Legend entries, one per series.
    title, xlabel, ylabel : str
    logy : bool
        Draw y on a log10 axis.
    init : dict, optional
    ylim : (float, float), optional
        The y range in data units; default the range of every frame, so that all compare.
    """

    kind = "lines"

    def __init__(self, frame, sliders, labels, title, xlabel, ylabel, logy=True, init=None,
                 ylim=None):
        super().__init__(frame, sliders, title, init)
        self.labels, self.xlabel, self.ylabel, self.logy = list(labels), xlabel, ylabel, logy
        if ylim is not None and (len(ylim) != 2 or not ylim[0] < ylim[1]
                                 or (logy and ylim[0] <= 0)):
            raise ValueError(f"ylim: expected (low, high) with low < high (and low > 0 on a "
                             f"log axis), received {ylim!r}")
        self._ylim = ylim

    def _transform(self, y):
        y = np.asarray(y, dtype=np.float64)
        if not self.logy:
            return y
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)

    def ylim(self):
        """The y range (log10 on a log axis) shared by every frame, so that pictures compare."""
        if self._ylim is not None:
            return tuple(float(v) for v in self._transform(self._ylim))
        ys = np.concatenate([self._transform(s).ravel() for f in self.frames()
                             for s in f["series"]])
        ys = ys[np.isfinite(ys)]
        lo, hi = float(ys.min()), float(ys.max())
        pad = 0.05 * (hi - lo or 1.0)
        return lo - pad, hi + pad

    def _extra_spec(self):
        lo, hi = self.ylim()
        return {"xlabel": self.xlabel, "ylabel": self.ylabel, "labels": self.labels,
                "logy": self.logy, "ylim": [round(lo, 4), round(hi, 4)]}

    def _frame_spec(self, f):
        def series(y):   # 4 decimals of log10 y: 0.01 % relative, far below a pixel
            return [None if not np.isfinite(v) else round(float(v), 4)
                    for v in self._transform(y)]
        return {"x": [round(x, 6) for x in np.asarray(f["x"]).tolist()],
                "series": [series(y) for y in f["series"]]}

    def _live_picture(self):
        import ipywidgets as w
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6.4, 3.4), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        lines = [ax.plot([], [], ["-", "--", "-.", ":"][k % 4], lw=2, label=lab)[0]
                 for k, lab in enumerate(self.labels)]
        ax.set(xlabel=self.xlabel, ylabel=self.ylabel, title=self.title)
        lo, hi = self.ylim()
        if self.logy:
            ax.set_yscale("log")
            ax.set_ylim(10 ** lo, 10 ** hi)
        else:
            ax.set_ylim(lo, hi)
        ax.legend(loc="upper right")
        image = w.Image(format="png")

        def draw(f):
            x = np.asarray(f["x"], dtype=np.float64)
            for line, y in zip(lines, f["series"]):
                y = np.asarray(y, dtype=np.float64)
                line.set_data(x, np.where(y > 0, y, np.nan) if self.logy else y)
            ax.set_xlim(x[0], x[-1] if x[-1] > x[0] else x[0] + 1)
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            image.value = buf.getvalue()

        return image, draw


class SceneView(_Control):
    """Sliders and a drawing made of SVG primitives that ``frame`` lays out.

    Parameters
    ----------
    frame : callable
        ``frame(**values) -> {"scene": [primitive, ...], "readout": str}``.
    sliders : list of (name, label, values)
        A slider per grid of numbers, a menu per grid of names (see the module docstring).
    title : str
    size : (int, int)
        Width and height of the SVG's coordinate system (its viewBox).
    background : list of primitives, optional
        Drawn under every frame and stored once (for example a loss surface).
    init : dict, optional
    """

    kind = "scene"

    def __init__(self, frame, sliders, title, size=(640, 360), background=(), init=None):
        super().__init__(frame, sliders, title, init)
        self.size = (int(size[0]), int(size[1]))
        self.background = [_check_primitive("background", p) for p in background]

    def _extra_spec(self):
        scenes = [*self.background, *(p for f in self.frames() for p in f["scene"])]
        return {"size": list(self.size), "background": self.background,
                "minWidth": scene_min_width(scenes, self.size[0])}

    def _frame_spec(self, f):
        return {"scene": [_check_primitive("scene", p) for p in f["scene"]]}

    def svg(self, f):
        """The frame ``f`` (a dict from ``frame``) as a standalone SVG string."""
        return to_svg([*self.background, *f["scene"]], self.size, self.title)

    def _live_picture(self):
        import ipywidgets as w

        picture = w.HTML()

        def draw(f):
            picture.value = self.svg(f)

        return picture, draw


def embed_html(spec, title, script, entry, controls=()):
    """HTML that draws ``spec`` with the function ``entry`` of the package file ``script``.

    The spec is stored as JSON in the page; the element id is a hash of it, so the same data
    always gives the same HTML (notebook outputs stay comparable by nbval). The ids of the
    controls derive from it too.

    Parameters
    ----------
    spec : dict
        JSON-ready data.
    title : str
        Accessible name of the control.
    script : str
        Path of a JavaScript file inside the rnnlib package, e.g. ``"views/dualview.js"``.
    entry : str
        Name of the global function the script defines, called as ``entry(root, spec)``.
    controls : list of dict, optional
        Rows of ``controls_html``, written inside the root element (the script binds them).
    """
    data = json.dumps(spec, separators=(",", ":"), sort_keys=True)
    uid = "rnnlib-dv-" + hashlib.sha1(data.encode()).hexdigest()[:12]
    js = resources.files("rnnlib").joinpath(script).read_text()
    safe = data.replace("</", "<\\/")
    return (f"<style>{_CSS}</style>\n"
            f'<div class="rnnlib-dualview" id="{uid}" role="group" '
            f'aria-label="{html.escape(title)}">{controls_html(uid, controls)}</div>\n'
            f'<script type="application/json" id="{uid}-data">{safe}</script>\n'
            f"<script>\n{js}"
            f'{entry}(document.getElementById("{uid}"), '
            f'JSON.parse(document.getElementById("{uid}-data").textContent));\n</script>')


def controls_html(uid, rows):
    """The controls' markup: one row per control, each input named by a ``<label for>``.

    Parameters
    ----------
    uid : str
        Prefix of the ids (the control's id): row ``k``'s input is ``{uid}-{k}``.
    rows : list of dict
        ``{"type": "range", "name", "label", "min", "max", "value", "text"}``: a range input
        (``data-slider=name``) at ``value``, whose ``aria-valuetext`` is ``"label = text"``
        and whose ``<output>`` shows ``text``;
        ``{"type": "menu", "name", "label", "options": [(value, text), ...], "value"}``: a
        ``<select>`` (``data-choice=name``);
        ``{"type": "play", "label"}``: a button ``▶ play`` whose accessible name is ``label``
        (it should start with "play"); the script renames it while it plays.

    Returns
    -------
    str
        ``""`` without rows.
    """
    if not rows:
        return ""
    e = html.escape
    out = []
    for k, r in enumerate(rows):
        i = f"{uid}-{k}"
        name = f'<label class="rnnlib-dv-name" for="{i}">{e(r.get("label", ""))}</label>'
        if r["type"] == "range":
            out.append(f'<div class="rnnlib-dv-row">{name}<input type="range" id="{i}" '
                       f'data-slider="{e(r["name"])}" min="{r["min"]}" max="{r["max"]}" '
                       f'step="1" value="{r["value"]}" '
                       f'aria-valuetext="{e(value_text(r["label"], r["text"]))}">'
                       f'<output class="rnnlib-dv-value" for="{i}" aria-hidden="true">'
                       f'{e(r["text"])}</output></div>')
        elif r["type"] == "menu":
            opts = "".join(f'<option value="{e(v)}"{" selected" if v == r["value"] else ""}>'
                           f'{e(t)}</option>' for v, t in r["options"])
            out.append(f'<div class="rnnlib-dv-row">{name}<select id="{i}" '
                       f'data-choice="{e(r["name"])}">{opts}</select></div>')
        elif r["type"] == "play":
            out.append(f'<div class="rnnlib-dv-row"><button type="button" id="{i}" '
                       f'class="rnnlib-dv-play" aria-label="{e(r["label"])}">▶ play</button>'
                       f'</div>')
        else:
            raise ValueError(f"rows[{k}]: expected type 'range', 'menu' or 'play', received "
                             f"{r['type']!r}")
    return f'<div class="rnnlib-dv-controls">{"".join(out)}</div>'


def value_text(label, text):
    """A range input's ``aria-valuetext``: the value shown, named (``"T = 50"``); the scripts
    build the same string at every move."""
    return f"{label} = {text}"


def mimebundle(text, make_html, make_widget):
    """The output of a control: a ``text/html`` view for the book and a live widget view.

    Parameters
    ----------
    text : str
        The ``text/plain`` fallback.
    make_html, make_widget : callable
        Build the HTML string and the ipywidgets widget.
    """
    bundle = {"text/plain": text, "text/html": make_html()}
    try:
        view = make_widget()._repr_mimebundle_()
    except ImportError:          # no ipywidgets or matplotlib: the HTML view alone
        return bundle
    if isinstance(view, tuple):  # (data, metadata), as anywidget returns it
        view = view[0]
    key = "application/vnd.jupyter.widget-view+json"
    if view and key in view:
        bundle[key] = view[key]
    return bundle


def _check_primitive(where, p):
    if not isinstance(p, dict) or p.get("tag") not in SVG_TAGS:
        raise ValueError(f"{where}: expected a dict with 'tag' one of {list(SVG_TAGS)}, "
                         f"received {p!r}")
    return {k: (round(float(v), 2) if isinstance(v, (float, np.floating)) else v)
            for k, v in p.items()}


MIN_TEXT_PX = 10      # the smallest text of a drawing, in px as displayed


def scene_min_width(prims, width):
    """The narrowest width, in px, at which every text of a drawing is ``MIN_TEXT_PX`` or more.

    A drawing is laid out around its text, so its text cannot grow as the page narrows: on a
    phone it keeps this width and scrolls sideways instead (at most ``width``: its full size).

    Parameters
    ----------
    prims : list of dict
        SVG primitives; a ``"text"`` one without ``"font-size"`` has 12 (units of the viewBox).
    width : int
        Width of the viewBox.

    Returns
    -------
    int
    """
    sizes = [float(p.get("font-size", 12)) for p in prims if p.get("tag") == "text"]
    return min(width, math.ceil(width * MIN_TEXT_PX / min(sizes))) if sizes else 0


def to_svg(prims, size, title):
    """SVG primitives as a standalone SVG string, as wide as its container up to ``size``.

    The one SVG writer of rnnlib's views (the Python twin of ``drawScene`` in dualview.js):
    the live :class:`SceneView` and the static drawings of :mod:`rnnlib.views.bptt` use it.

    Parameters
    ----------
    prims : list of dict
        Primitives ``{"tag": ..., attribute: value, ..., "text": content}``; floats are
        written with 2 decimals.
    size : (int, int)
        Width and height of the viewBox; the picture is drawn at most ``size[0]`` px wide.
    title : str
        The picture's accessible name.
    """
    def element(p):
        attrs = "".join(f' {k}="{html.escape(str(round(v, 2) if isinstance(v, float) else v))}"'
                        for k, v in sorted(p.items()) if k not in ("tag", "text"))
        return f'<{p["tag"]}{attrs}>{html.escape(str(p.get("text", "")))}</{p["tag"]}>'

    w, h = size
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
            f'style="max-width:{w}px;min-width:{scene_min_width(prims, w)}px" role="img" '
            f'aria-label="{html.escape(title)}">'
            f'{"".join(element(p) for p in prims)}</svg>')


# The book's dark theme (pydata-sphinx-theme) puts every HTML output on a light card with dark
# text; a control or a drawing of rnnlib (ink: currentColor) is drawn in the page's own colours.
DARK_CSS = ("html[data-theme=dark] .bd-content div.cell_output div.output.text_html:has("
            ".rnnlib-dualview,.rnnlib-figure){background-color:transparent;color:inherit}")

_CSS = (DARK_CSS + ".rnnlib-dualview{margin:0.5em 0 1em}"
        ".rnnlib-dv-row{display:flex;align-items:center;gap:0.75em;margin:0.2em 0}"
        ".rnnlib-dv-name{min-width:4.5em;font-weight:600}"
        ".rnnlib-dv-row input{flex:0 1 18em;min-width:5em}"
        ".rnnlib-dv-row select{font:inherit;color:inherit;background:transparent;"
        "padding:0.1em 0.3em;min-width:0;max-width:100%}"
        ".rnnlib-dv-row select option{color:initial;background:initial}"
        ".rnnlib-dv-value{min-width:4em;font-variant-numeric:tabular-nums}"
        ".rnnlib-dv-readout{font-family:monospace;margin-top:0.3em;white-space:pre-wrap}"
        ".rnnlib-dv-picture,.rnnlib-figure{overflow-x:auto}")


def _is_number(v):
    """A value a slider runs over: an int or float (a bool is a name: a menu)."""
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_))


def _fmt(v):
    """A value as short text: integers as such, floats with up to 4 significant digits, any
    other value (a name) as ``str``."""
    if not _is_number(v):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return f"{float(v):.4g}"
