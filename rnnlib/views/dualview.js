// rnnlib dualview: draws frames precomputed by Python, one range input or menu per grid.
// It only draws: every number comes from rnnlib, stored in the page as JSON.
//   kind "lines": an SVG line chart (log or linear y);
//   kind "scene": SVG primitives laid out in Python (a background, then the frame's own).
window.rnnlibDualView = window.rnnlibDualView || function (root, spec) {
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#2f7ed8", "#e4572e", "#29a35a", "#9b59b6"];
  var idx = spec.sliders.map(function (s) { return s.init; });
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  // The controls' markup comes from Python (controls_html): row k holds the input root.id-k,
  // a range input over grid positions (aria-valuetext: the value shown) or a menu.
  spec.sliders.forEach(function (s, k) {
    var input = root.querySelector("[id='" + root.id + "-" + k + "']");
    var value = root.querySelector("output[for='" + input.id + "']");
    function sync() {              // also at start: the browser may restore a moved input
      idx[k] = +input.value;
      if (value) {
        value.textContent = s.values[idx[k]];
        input.setAttribute("aria-valuetext", s.label + " = " + s.values[idx[k]]);
      }
    }
    sync();
    input.addEventListener(s.menu ? "change" : "input", function () { sync(); draw(); });
  });
  var size = spec.size || [640, 340];
  var style = "max-width:" + size[0] + "px";
  if (spec.kind === "scene") {      // text at least 10 px: on a phone the drawing scrolls
    style += ";min-width:" + spec.minWidth + "px";
  }
  var picture = document.createElement("div");
  picture.className = "rnnlib-dv-picture";
  root.appendChild(picture);
  var svg = el("svg", {viewBox: "0 0 " + size[0] + " " + size[1], width: "100%", role: "img",
                       "aria-label": spec.title, style: style}, picture);
  var readout = document.createElement("div");
  readout.className = "rnnlib-dv-readout";
  root.appendChild(readout);

  function currentFrame() {
    var flat = 0;
    spec.sliders.forEach(function (s, k) { flat = flat * s.values.length + idx[k]; });
    return spec.frames[flat];
  }
  function primitive(p, parent) {   // the JS twin of to_svg in dualview.py
    var attrs = {};
    for (var k in p) { if (k !== "tag" && k !== "text") { attrs[k] = p[k]; } }
    var e = el(p.tag, attrs, parent);
    if (p.text !== undefined) { e.textContent = p.text; }
  }
  // A chart's text is at least MIN px as displayed: when the page is narrower than the chart,
  // the SVG shrinks, and its font sizes (in its own units) grow to make up for it.
  var MIN = 11, minUnits = MIN;     // MIN px as displayed, in the SVG's own units
  function measure() {
    var shown = svg.getBoundingClientRect().width;
    minUnits = shown ? MIN * size[0] / shown : MIN;
  }
  // A scene is laid out in Python around its text and keeps the width at which that text is
  // 10 px (spec.minWidth, from scene_min_width in dualview.py): it is drawn as it is.
  function drawScene(f) {
    spec.background.forEach(function (p) { primitive(p, svg); });
    f.scene.forEach(function (p) { primitive(p, svg); });
  }
  function ticks(lo, hi, log) {
    var out = [], step, v;
    if (log) {
      step = Math.max(1, Math.ceil((hi - lo) / 6));
      for (v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
        out.push([v, "1e" + v]);
      }
      return out;
    }
    var raw = (hi - lo) / 6, p = Math.pow(10, Math.floor(Math.log10(raw)));
    step = [1, 2, 5, 10].map(function (m) { return m * p; }).filter(function (s) {
      return s >= raw; })[0];
    for (v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
      out.push([v, String(+v.toPrecision(6))]);
    }
    return out;
  }
  function drawLines(f) {
    var FS = Math.max(12, Math.round(minUnits)), W = size[0], H = size[1], R = 20;
    var L = 5.3 * FS + 6, BOT = 2.6 * FS + 12;
    var x0 = f.x[0], x1 = f.x[f.x.length - 1], y0 = spec.ylim[0], y1 = spec.ylim[1];
    if (x1 === x0) { x1 = x0 + 1; }
    svg.setAttribute("font-size", FS);
    var g = el("g", {fill: "currentColor", stroke: "none"}, svg);
    el("text", {x: 4, y: FS + 2}, g).textContent = spec.title;
    // the legend between the title and the plot, clear of the curves; rows wrap
    var lx = 4, ly = 2.4 * FS + 6, legend = [];
    spec.labels.forEach(function (label, k) {
      var w = 30 + 0.6 * FS * label.length;
      if (lx > 4 && lx + w > W) { lx = 4; ly += 1.3 * FS; }
      legend.push([lx, ly]);
      lx += w + 16;
    });
    var TOP = ly + FS;
    function px(x) { return L + (x - x0) / (x1 - x0) * (W - L - R); }
    function py(y) { return TOP + (y1 - y) / (y1 - y0) * (H - TOP - BOT); }
    var clip = el("clipPath", {id: root.id + "-clip"}, el("defs", {}, svg));
    el("rect", {x: L, y: TOP, width: W - L - R, height: H - TOP - BOT}, clip);
    el("rect", {x: L, y: TOP, width: W - L - R, height: H - TOP - BOT, fill: "none",
                stroke: "currentColor", "stroke-opacity": "0.5"}, g);
    ticks(y0, y1, spec.logy).forEach(function (t) {
      el("line", {x1: L - 4, x2: L, y1: py(t[0]), y2: py(t[0]), stroke: "currentColor"}, g);
      el("text", {x: L - 6, y: py(t[0]) + FS / 3, "text-anchor": "end"}, g).textContent = t[1];
    });
    ticks(x0, x1, false).forEach(function (t) {
      el("line", {x1: px(t[0]), x2: px(t[0]), y1: H - BOT, y2: H - BOT + 4,
                  stroke: "currentColor"}, g);
      el("text", {x: px(t[0]), y: H - BOT + FS + 5, "text-anchor": "middle"}, g).textContent =
        t[1];
    });
    el("text", {x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle"}, g).textContent =
      spec.xlabel;
    el("text", {x: FS + 2, y: (TOP + H - BOT) / 2, "text-anchor": "middle",
                transform: "rotate(-90 " + (FS + 2) + " " + (TOP + H - BOT) / 2 + ")"}, g)
      .textContent = spec.ylabel;
    f.series.forEach(function (ys, k) {
      var d = "", pen = "M", span = y1 - y0;
      ys.forEach(function (y, j) {
        if (y === null) { pen = "M"; return; }
        // keep far-off points finite; the clip path hides them
        d += pen + px(f.x[j]).toFixed(1) + " " +
          py(Math.max(y0 - span, Math.min(y1 + span, y))).toFixed(1);
        pen = "L";
      });
      var color = COLORS[k % COLORS.length], dash = k === 0 ? "none" : "6 4";
      el("path", {d: d, fill: "none", stroke: color, "stroke-width": 2,
                  "stroke-dasharray": dash, "clip-path": "url(#" + root.id + "-clip)",
                  "class": "rnnlib-dv-series", "data-series": k}, svg);
      var at = legend[k];
      el("line", {x1: at[0], x2: at[0] + 24, y1: at[1] - FS / 3, y2: at[1] - FS / 3,
                  stroke: color, "stroke-width": 2, "stroke-dasharray": dash}, svg);
      el("text", {x: at[0] + 30, y: at[1], fill: "currentColor"}, svg)
        .textContent = spec.labels[k];
    });
  }
  function draw() {
    var f = currentFrame();
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    (spec.kind === "scene" ? drawScene : drawLines)(f);
    readout.textContent = f.readout;
  }
  measure();
  draw();
  if (window.ResizeObserver) {      // a page resized (a phone turned): refit the text
    var before = minUnits;
    new ResizeObserver(function () {
      measure();
      if (Math.abs(minUnits - before) > 0.5) { before = minUnits; draw(); }
    }).observe(svg);
  }
};
