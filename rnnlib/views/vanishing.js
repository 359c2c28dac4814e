// rnnlib delta_t explorer (chapter 3), in two parts:
//   rnnlibDeltaUI(root, spec, source): the controls and the pictures. It asks
//     source(state, done) for the numbers of a state and draws what done(result) receives.
//   rnnlibDeltaExplorer(root, spec): the book's view. Its source recomputes, in the page, what
//     rnnlib.explore.delta_norms computes from the network's numbers (float64 bytes):
//     net_t = U x_t + W h_{t-1}, h_t = f(net_t), then BPTT from dL/dh_T = u:
//     delta_{t-1} = W^T (f'(net_t) * delta_t). The browser tests compare it with rnnlib.
// The live view (an anywidget in Jupyter) uses the same UI with rnnlib itself as its source.
window.rnnlibDeltaUI = window.rnnlibDeltaUI || function (root, spec, source) {
  var NS = "http://www.w3.org/2000/svg", H = spec.H;
  function fmtE(x) {                                // Python's f"{x:.3e}"
    if (!isFinite(x)) { return isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf"); }
    var m = x.toExponential(3).split("e"), e = parseInt(m[1], 10);
    return m[0] + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
  }
  // -- controls ----------------------------------------------------------------------------
  var state = {T: spec.init.T, normIdx: spec.norms.indexOf(spec.init.w_norm),
               act: spec.init.activation, kind: spec.init.kind, step: null, timer: null};
  // The controls' markup comes from Python (rnnlib.views.dualview.controls_html): in the book it is
  // already in root; the live view inserts spec.controls with ids of its own.
  if (!root.querySelector(".rnnlib-dv-controls")) {
    window.rnnlibLiveViews = (window.rnnlibLiveViews || 0) + 1;
    root.insertAdjacentHTML("afterbegin", spec.controls.split("@UID@").join(
      "rnnlib-live-" + window.rnnlibLiveViews));
  }
  function range(name, show) {      // show(position): the value shown, also aria-valuetext
    var input = root.querySelector("input[data-slider='" + name + "']");
    var out = root.querySelector("output[for='" + input.id + "']");
    var label = root.querySelector("label[for='" + input.id + "']").textContent;
    function sync() {
      out.textContent = show(+input.value);
      input.setAttribute("aria-valuetext", label + " = " + show(+input.value));
    }
    sync();
    input.addEventListener("input", function () { sync(); changed(name, +input.value); });
    return +input.value;
  }
  function choice(name) {
    var sel = root.querySelector("select[data-choice='" + name + "']");
    sel.addEventListener("change", function () { changed(name, sel.value); });
    return sel.value;
  }
  // the inputs' own values: the browser may restore moved inputs when the page comes back
  state.T = range("T", function (v) { return String(v); });
  state.normIdx = range("w_norm", function (v) { return spec.norms[v].toFixed(2); });
  state.act = choice("activation");
  state.kind = choice("kind");
  var play = root.querySelector("button.rnnlib-dv-play");
  var PLAY = play.getAttribute("aria-label"), STOP = "stop: " + PLAY.replace(/^play:\s*/, "");
  function playing(on) {            // the visible text and the accessible name follow the state
    play.textContent = on ? "■ stop" : "▶ play";
    play.setAttribute("aria-label", on ? STOP : PLAY);
  }
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 640 300"); svg.setAttribute("width", "100%");
  svg.setAttribute("style", "max-width:640px"); svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", spec.title);
  root.appendChild(svg);
  var canvas = document.createElement("canvas");
  canvas.width = 640; canvas.height = 190;
  canvas.setAttribute("style", "width:100%;max-width:640px;display:block");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "heatmap of |delta_t,i| per hidden unit over time");
  root.appendChild(canvas);
  var readout = document.createElement("div");
  readout.className = "rnnlib-dv-readout";
  root.appendChild(readout);
  var result = null;
  function changed(name, value) {
    stop();
    if (name === "T") { state.T = value; } else if (name === "w_norm") { state.normIdx = value; }
    else if (name === "activation") { state.act = value; } else { state.kind = value; }
    update();
  }
  function update() {
    source(state, function (r) {
      result = r;
      root.rnnlibResult = r;                        // read by the browser tests
      draw();
    });
  }
  // -- pictures ----------------------------------------------------------------------------
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    parent.appendChild(e);
    return e;
  }
  var L = 70, R = 20, TOP = 58, BOT = 46, PW = 640, PH = 300, FS = 12;
  // Text is at least MIN px as displayed: on a narrow page the SVG and the canvas shrink, so
  // their font size (in their own units) grows; the layout follows the font size.
  var MIN = 11, frame, ticks, axes, curves, marker;
  function layout() {
    var shown = svg.getBoundingClientRect().width || PW;
    FS = Math.max(12, Math.round(MIN * PW / shown));
    L = 5.3 * FS + 6; TOP = 3.6 * FS + 12; BOT = 2.6 * FS + 12;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    svg.setAttribute("font-size", FS);
    // What does not change between frames is built here; a redraw sets the two curves, the
    // step marker and, when their range changed, the ticks.
    frame = el("g", {fill: "currentColor"}, svg);
    el("rect", {x: L, y: TOP, width: PW - L - R, height: PH - TOP - BOT, fill: "none",
                stroke: "currentColor", "stroke-opacity": 0.5}, frame);
    ticks = el("g", {}, frame); axes = null;        // axes: the range the ticks were drawn for
    el("text", {x: (L + PW - R) / 2, y: PH - 8, "text-anchor": "middle"}, frame).textContent =
      "time step t";
    el("text", {x: FS + 2, y: (TOP + PH - BOT) / 2, "text-anchor": "middle",
                transform: "rotate(-90 " + (FS + 2) + " " + (TOP + PH - BOT) / 2 + ")"}, frame)
      .textContent = "‖δ_t‖";
    el("text", {x: 4, y: FS + 2}, frame).textContent = spec.title;
    curves = [["rnnlib-dv-bound", "#e4572e", "6 4"], ["rnnlib-dv-series", "#2f7ed8", "none"]]
      .map(function (c) {
        return el("path", {d: "", fill: "none", stroke: c[1], "stroke-width": 2,
                           "stroke-dasharray": c[2], "class": c[0]}, svg);
      });
    marker = el("line", {y1: TOP, y2: PH - BOT, stroke: "currentColor", "stroke-opacity": 0.5,
                         display: "none"}, svg);
    // the legend above the plot, clear of the curves: one row, or two when the text is large
    var items = [["measured ‖δ_t‖", "#2f7ed8", "none"],
                 ["bound (γ‖W‖₂)^(T−t) ‖δ_T‖", "#e4572e", "6 4"]];
    var lx = 4, ly = 2.4 * FS + 6;
    items.forEach(function (item) {
      var w = 28 + 0.6 * FS * item[0].length;
      if (lx > 4 && lx + w > PW) { lx = 4; ly += 1.2 * FS; }
      el("line", {x1: lx, x2: lx + 22, y1: ly - FS / 3, y2: ly - FS / 3, stroke: item[1],
                  "stroke-width": 2, "stroke-dasharray": item[2]}, svg);
      el("text", {x: lx + 28, y: ly, fill: "currentColor"}, svg).textContent = item[0];
      lx += w + 16;
    });
    TOP = Math.max(TOP, ly + FS);
    frame.firstChild.setAttribute("y", TOP);
    frame.firstChild.setAttribute("height", PH - TOP - BOT);
    marker.setAttribute("y1", TOP);
  }
  layout();
  if (window.ResizeObserver) {
    var lastWidth = svg.getBoundingClientRect().width;
    new ResizeObserver(function () {
      var w = svg.getBoundingClientRect().width;
      if (w && Math.abs(w - lastWidth) > 8) { lastWidth = w; layout(); if (result) { draw(); } }
    }).observe(svg);
  }
  function draw() {
    var r = result, T = r.T, s = state.step === null ? 1 : state.step, t, v;
    // the canvas first: its colour and font read the page's style, still clean before the SVG
    // changes (after them, reading it would force a style pass in the middle of the redraw)
    heatmap(r, s, getComputedStyle(root).color);
    var lo = Infinity, hi = -Infinity;
    for (t = 0; t < T; t++) {
      v = r.norm[t];
      if (v > 0) { v = Math.log10(v); lo = Math.min(lo, v); hi = Math.max(hi, v); }
      v = r.bound[t];
      if (v > 0) { v = Math.log10(v); lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    lo = Math.floor(Math.max(lo, -320)); hi = Math.ceil(hi); if (hi <= lo) { hi = lo + 1; }
    function px(x) { return L + (x - 1) / Math.max(T - 1, 1) * (PW - L - R); }
    function py(y) { return TOP + (hi - y) / (hi - lo) * (PH - TOP - BOT); }
    if (axes !== lo + " " + hi + " " + T) {
      axes = lo + " " + hi + " " + T;
      while (ticks.firstChild) { ticks.removeChild(ticks.firstChild); }
      var step = Math.max(1, Math.ceil((hi - lo) / 6));
      for (v = Math.ceil(lo / step) * step; v <= hi; v += step) {
        el("line", {x1: L - 4, x2: L, y1: py(v), y2: py(v), stroke: "currentColor"}, ticks);
        el("text", {x: L - 6, y: py(v) + FS / 3, "text-anchor": "end"}, ticks).textContent = "1e" + v;
      }
      var xt = T <= 10 ? 1 : T <= 50 ? 10 : T <= 100 ? 20 : 50;
      for (t = xt; t <= T; t += xt) {
        el("line", {x1: px(t), x2: px(t), y1: PH - BOT, y2: PH - BOT + 4,
                    stroke: "currentColor"}, ticks);
        el("text", {x: px(t), y: PH - BOT + FS + 5, "text-anchor": "middle"}, ticks).textContent = t;
      }
    }
    function path(values, from) {
      var d = "", pen = "M";
      for (var j = from; j < T; j++) {
        if (!(values[j] > 0)) { pen = "M"; continue; }
        d += pen + px(j + 1).toFixed(1) + " " + py(Math.log10(values[j])).toFixed(1);
        pen = "L";
      }
      return d;
    }
    curves[0].setAttribute("d", path(r.bound, 0));
    curves[1].setAttribute("d", path(r.norm, s - 1));
    if (s > 1) {
      marker.setAttribute("x1", px(s)); marker.setAttribute("x2", px(s));
      marker.removeAttribute("display");
    } else {
      marker.setAttribute("display", "none");
    }
    var rho = spec.rho[state.kind] * spec.norms[state.normIdx];
    var text = "rho(W) = " + rho.toFixed(2) + "   ||delta_1|| / ||delta_T|| = " +
               fmtE(r.norm[0] / r.norm[T - 1]);
    if (s > 1) { text += "   step " + s + ": ‖δ_" + s + "‖ = " + fmtE(r.norm[s - 1]); }
    readout.textContent = text;
  }
  var STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function viridis(x) {                             // x in [0, 1], 5-stop approximation
    var p = Math.max(0, Math.min(1, x)) * 4, i = Math.min(3, Math.floor(p)), f = p - i;
    var a = STOPS[i], b = STOPS[i + 1];
    return [0, 1, 2].map(function (c) { return Math.round(a[c] + f * (b[c] - a[c])); });
  }
  var LEVELS = 1024, LUT = new Uint8Array(3 * (LEVELS + 1));   // viridis(q / LEVELS), RGB
  for (var q = 0; q <= LEVELS; q++) { LUT.set(viridis(q / LEVELS), 3 * q); }
  var cells = document.createElement("canvas");     // one pixel per (t, i), scaled up
  cells.width = spec.tMax; cells.height = H;        // fixed: resizing a canvas reallocates it
  function heatmap(r, s, ink) {
    var ctx = canvas.getContext("2d"), T = r.T, cw = canvas.width, ch = canvas.height;
    var x0 = L, x1 = cw - 4 * FS - 30, y0 = 8, y1 = ch - 2.6 * FS - 6;
    ctx.clearRect(0, 0, cw, ch);
    var top = -Infinity, t, i;
    for (t = 0; t < T; t++) { top = Math.max(top, Math.log10(r.norm[t])); }
    top = Math.ceil(top);
    var cctx = cells.getContext("2d"), img = cctx.createImageData(T, H), px = img.data;
    var lo = top - 16, scale = LEVELS / 16;
    for (t = s - 1; t < T; t++) {                   // steps not reached yet stay transparent
      for (i = 0; i < H; i++) {                     // 16 decades below the top, LEVELS colours
        var v = (Math.log10(Math.abs(r.delta[t * H + i])) - lo) * scale,    // NaN, 0: lowest
            k = 3 * (v > 0 ? (v < LEVELS ? Math.round(v) : LEVELS) : 0),
            o = 4 * ((H - 1 - i) * T + t);
        px[o] = LUT[k]; px[o + 1] = LUT[k + 1]; px[o + 2] = LUT[k + 2]; px[o + 3] = 255;
      }
    }
    cctx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cells, 0, 0, T, H, x0, y0, x1 - x0, y1 - y0);
    ctx.strokeStyle = ink; ctx.fillStyle = ink; ctx.font = FS + "px sans-serif";
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.textAlign = "center";
    ctx.fillText(FS > 15 ? "time step t; colour: log10 |δ_t,i|"
                 : "time step t (heatmap: log10 |δ_t,i| per hidden unit i)", (x0 + x1) / 2, ch - 8);
    var w = (x1 - x0) / T;
    ctx.fillText("1", x0 + w / 2, y1 + FS + 2); ctx.fillText(String(T), x1 - w / 2, y1 + FS + 2);
    ctx.save(); ctx.translate(FS + 2, (y0 + y1) / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText("unit i", 0, 0); ctx.restore();
    for (i = 0; i <= 16; i++) {                     // the colour bar, 16 decades
      ctx.fillStyle = "rgb(" + viridis(i / 16).join(",") + ")";
      ctx.fillRect(x1 + 8, y1 - (i + 1) * (y1 - y0) / 17, 12, (y1 - y0) / 17 + 1);
    }
    ctx.fillStyle = ink; ctx.textAlign = "left";
    ctx.fillText("1e" + top, x1 + 24, y0 + FS); ctx.fillText("1e" + (top - 16), x1 + 24, y1);
  }
  // -- play: delta moves back one step at a time -------------------------------------------
  function stop() {
    if (state.timer) { clearInterval(state.timer); state.timer = null; }
    state.step = null; playing(false);
  }
  play.addEventListener("click", function () {
    if (state.timer) { stop(); draw(); return; }
    state.step = result.T; playing(true);
    state.timer = setInterval(function () {
      if (state.step <= 1) { clearInterval(state.timer); state.timer = null;
                             playing(false); state.step = null; draw(); return; }
      state.step -= 1; draw();
    }, 40);
    draw();
  });
  update();
};

window.rnnlibF64 = window.rnnlibF64 || function (b64) {   // base64 float64 bytes
  var s = atob(b64), bytes = new Uint8Array(s.length);
  for (var i = 0; i < s.length; i++) { bytes[i] = s.charCodeAt(i); }
  return new Float64Array(bytes.buffer);
};
window.rnnlibDeltaExplorer = window.rnnlibDeltaExplorer || function (root, spec) {
  var H = spec.H, D = spec.D, f64 = window.rnnlibF64;
  var U = f64(spec.U), XS = f64(spec.xs), u = f64(spec.u), W = {};
  spec.kinds.forEach(function (k) { W[k] = f64(spec.W[k]); });
  var ACT = {
    tanh: [function (z) { return Math.tanh(z); }, function (a) { return 1 - a * a; }],
    sigmoid: [function (z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) :
                               Math.exp(z) / (1 + Math.exp(z)); },
              function (a) { return a * (1 - a); }],
    relu: [function (z) { return z > 0 ? z : 0; }, function (a) { return a > 0 ? 1 : 0; }],
    linear: [function (z) { return z; }, function () { return 1; }]
  };
  function compute(T, norm, act, kind) {
    var f = ACT[act][0], df = ACT[act][1], W0 = W[kind];
    var h = new Float64Array(H), fp = new Float64Array(T * H), t, i, k;
    for (t = 0; t < T; t++) {                       // forward: h_t = f(U x_t + W h_{t-1})
      var next = new Float64Array(H);
      for (i = 0; i < H; i++) {
        var net = 0, rec = 0;
        for (k = 0; k < D; k++) { net += U[i * D + k] * XS[t * D + k]; }
        for (k = 0; k < H; k++) { rec += W0[i * H + k] * h[k]; }
        next[i] = f(net + norm * rec);
        fp[t * H + i] = df(next[i]);
      }
      h = next;
    }
    var delta = new Float64Array(T * H), norms = new Float64Array(T), d = u.slice();
    for (t = T - 1; t >= 0; t--) {                  // backward: delta_{t-1} = W^T (f' * delta_t)
      var s = 0;
      for (i = 0; i < H; i++) { delta[t * H + i] = d[i]; s += d[i] * d[i]; }
      norms[t] = Math.sqrt(s);
      if (t === 0) { break; }
      var g = new Float64Array(H), back = new Float64Array(H);
      for (i = 0; i < H; i++) { g[i] = fp[t * H + i] * d[i]; }
      for (k = 0; k < H; k++) {
        var acc = 0;
        for (i = 0; i < H; i++) { acc += W0[i * H + k] * g[i]; }
        back[k] = norm * acc;
      }
      d = back;
    }
    var bound = new Float64Array(T), gn = spec.gamma[act] * norm;
    for (t = 0; t < T; t++) { bound[t] = Math.pow(gn, T - 1 - t) * norms[T - 1]; }
    return {norm: norms, bound: bound, delta: delta, T: T};
  }
  window.rnnlibDeltaUI(root, spec, function (st, done) {
    done(compute(st.T, spec.norms[st.normIdx], st.act, st.kind));
  });
};
