// The PDF edition's page script: injected by tools/pdf.py into the single-page build only (the
// HTML book never loads it), after MathJax has typeset the page. It
//   * marks each document of the book as a chapter (a page break before it),
//   * opens every dropdown (exercise solutions),
//   * turns each control (rnnlib.views.dualview's HTML view) into a captioned static figure: small
//     multiples drawn by the control's own script at a few settings of its last slider,
//   * adds a title page and a table of contents whose page numbers come from a first print
//     (setTocPages), and fits over-wide equations and outputs to the text width.
window.pdfBook = (function () {
  "use strict";

  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // n evenly spread indices out of 0..m-1 (all of them when m <= n); the same rule as
  // tools/pdf.py's spread(), which the unit tests check
  function spread(m, n) {
    if (m <= n) { return Array.from({length: m}, function (_, i) { return i; }); }
    var out = [];
    for (var i = 0; i < n; i++) { out.push(Math.round(i * (m - 1) / (n - 1))); }
    return out;
  }

  function joinWords(items) {
    if (items.length <= 1) { return items.join(""); }
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  // A heading's content without its permalink and section number, as nodes (math included).
  function headingContent(hd) {
    var c = hd.cloneNode(true);
    c.querySelectorAll(".headerlink, .section-number, .pdf-marker, .pdf-chapter-label")
      .forEach(function (e) { e.remove(); });
    return c;
  }

  function sectionNumber(hd) {
    var s = hd.querySelector(".section-number");
    return s ? s.textContent.trim().replace(/\.$/, "") : "";
  }

  // -- the controls ---------------------------------------------------------------------------
  function uniquifyIds(svg, suffix) {
    svg.querySelectorAll("[id]").forEach(function (e) {
      var old = e.id;
      e.id = old + suffix;
      svg.querySelectorAll("*").forEach(function (x) {
        ["clip-path", "href", "mask", "fill"].forEach(function (a) {
          var v = x.getAttribute(a);
          if (v && v.indexOf("#" + old) >= 0) { x.setAttribute(a, v.split("#" + old).join("#" + e.id)); }
        });
      });
    });
  }

  function controlLabel(input) {
    var row = input.closest(".rnnlib-dv-row");
    var name = row && row.querySelector(".rnnlib-dv-name");
    return (name && name.textContent.trim()) || input.getAttribute("aria-label") || input.name;
  }

  function controlValue(input) {
    if (input.tagName === "SELECT") {         // the option shown, not its index
      var opt = input.options[input.selectedIndex];
      return opt ? opt.textContent.trim() : input.value;
    }
    var row = input.closest(".rnnlib-dv-row");
    var out = row && row.querySelector("output");
    return out ? out.textContent.trim() : input.value;
  }

  var FONT_GROWTH = 1.15;   // DejaVu Sans: wider than the page's serif, with ‖ and ₂

  function smallMultiples(root, count, panelsWanted) {
    var ranges = Array.prototype.slice.call(root.querySelectorAll("input[type=range]"));
    if (!ranges.length) { return null; }
    var selects = Array.prototype.slice.call(root.querySelectorAll("select"));
    var play = root.querySelector("button");
    var vary = ranges[ranges.length - 1];
    var lo = +vary.min, m = +vary.max - lo + 1, start = vary.value;
    var fixed = ranges.slice(0, -1).concat(selects).map(function (inp) {
      return controlLabel(inp) + " = " + controlValue(inp);
    });
    var title = root.getAttribute("aria-label") || "";
    var fig = h("figure", "pdf-multiples");
    fig.dataset.control = root.id;
    var grid = h("div", "pdf-grid");
    fig.appendChild(grid);
    // a drawing laid out in Python (SceneView) is wide and full of small labels: three panels
    // in one column; a chart: four in two columns, with its lettering enlarged
    var data = document.getElementById(root.id + "-data");
    var kind = "";
    try { kind = JSON.parse(data.textContent).kind || ""; } catch (e) { kind = ""; }
    var wide = kind === "scene";
    if (wide) { fig.classList.add("pdf-wide"); }
    var picks = spread(m, wide ? Math.min(3, panelsWanted) : panelsWanted);
    picks.forEach(function (i, k) {
      vary.value = lo + i;
      vary.dispatchEvent(new Event("input"));       // the control redraws synchronously
      var panel = h("div", "pdf-panel");
      panel.appendChild(h("div", "pdf-panel-label",
                          "(" + "abcdefgh"[k] + ") " + controlLabel(vary) + " = " +
                          controlValue(vary)));
      var svg = root.querySelector(":scope > svg");
      if (svg) {
        var copy = svg.cloneNode(true);
        uniquifyIds(copy, "-pdf" + count + "-" + k);
        copy.removeAttribute("style");
        if (!wide) {
          copy.querySelectorAll("[font-size]").forEach(function (e) {
            e.setAttribute("font-size", String(FONT_GROWTH * parseFloat(e.getAttribute("font-size"))));
          });
          copy.setAttribute("overflow", "visible");
        }
        panel.appendChild(copy);
      }
      var canvas = root.querySelector(":scope > canvas");
      if (canvas) {
        var img = new Image();
        img.src = canvas.toDataURL("image/png");
        img.alt = canvas.getAttribute("aria-label") || "";
        panel.appendChild(img);
      }
      var readout = root.querySelector(".rnnlib-dv-readout");
      if (readout && readout.textContent.trim()) {
        panel.appendChild(h("div", "pdf-panel-readout", readout.textContent.trim()));
      }
      grid.appendChild(panel);
    });
    vary.value = start;
    vary.dispatchEvent(new Event("input"));
    var live = [];
    live.push((ranges.length > 1 ? "sliders for " : "a slider for ") +
              joinWords(ranges.map(controlLabel)));
    if (selects.length) {
      live.push((selects.length > 1 ? "menus for " : "a menu for ") +
                joinWords(selects.map(controlLabel)));
    }
    if (play) { live.push("a play button"); }
    var cap = h("figcaption");
    var b = h("strong", "", "Interactive figure. ");
    cap.appendChild(b);
    cap.appendChild(document.createTextNode(
      title + (title.match(/[.!?]$/) ? " " : ". ") + "Shown at " + picks.length +
      " settings of " + controlLabel(vary) + " (panels " + "abcdefgh".slice(0, picks.length)
        .split("").join(", ") + ")" + (fixed.length ? ", with " + joinWords(fixed) : "") +
      ". In the web edition and in Jupyter this figure has " + joinWords(live) + "."));
    fig.appendChild(cap);
    root.classList.add("pdf-replaced");
    root.parentNode.insertBefore(fig, root.nextSibling);
    return {id: root.id, title: title, panels: picks.length, caption: cap.textContent};
  }

  // -- width fitting ------------------------------------------------------------------------
  function fitWidth(el) {
    var avail = el.parentElement.clientWidth, need = el.scrollWidth;
    if (avail > 0 && need > avail + 1) {
      el.style.zoom = String(Math.max(0.55, avail / need));
      return true;
    }
    return false;
  }

  // -- the whole book -----------------------------------------------------------------------
  function prepare(meta) {
    var article = document.querySelector("article.bd-article") || document.querySelector("main");
    var info = {controls: [], chapters: [], fitted: 0};

    // internal links of the single page point at book/<root>.html#id: make them fragments
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      var m = href.match(/^(?:\.\.\/)*book\/[^#\/]+\.html(#.*)$/);
      if (m) { a.setAttribute("href", m[1]); }
    });

    // dropdowns open: exercise solutions (togglebutton) and <details>
    document.querySelectorAll(".toggle-hidden").forEach(function (e) {
      e.classList.remove("toggle-hidden");
    });
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });

    // the controls
    document.querySelectorAll(".rnnlib-dualview").forEach(function (root, i) {
      var r = smallMultiples(root, i, meta.panels || 4);
      if (r) { info.controls.push(r); }
    });

    // chapters: the root document, then one per document of the toc
    var rootSection = article.querySelector(":scope > section");
    var docs = [];
    if (rootSection) { docs.push({name: meta.root, section: rootSection}); }
    article.querySelectorAll("span[id^='document-']").forEach(function (span) {
      var s = span.nextElementSibling;
      if (s && s.tagName === "SECTION") {
        docs.push({name: span.id.replace(/^document-/, ""), section: s});
      }
    });
    var byName = {};
    docs.forEach(function (d, k) {
      if (k > 0) { d.section.classList.add("pdf-chapter"); }
      d.heading = d.section.querySelector(":scope > h1, :scope > h2");
      d.number = d.heading ? sectionNumber(d.heading) : "";
      if (d.heading && d.number) {
        var old = d.heading.querySelector(".section-number");
        var label = h("span", "pdf-chapter-label", "Chapter " + d.number);
        d.heading.insertBefore(label, d.heading.firstChild);
        old.classList.add("pdf-marker-hidden");
      }
      byName[d.name] = d;
      info.chapters.push({doc: d.name, number: d.number,
                          title: d.heading ? headingContent(d.heading).textContent.trim() : ""});
    });

    // the title page
    var tp = h("div");
    tp.id = "pdf-title-page";
    tp.appendChild(h("div", "pdf-title", meta.title));
    if (meta.subtitle) { tp.appendChild(h("div", "pdf-subtitle", meta.subtitle)); }
    tp.appendChild(h("div", "pdf-rule"));
    tp.appendChild(h("div", "pdf-authors", meta.authors));
    tp.appendChild(h("div", "pdf-edition", "Version " + meta.version + " \u00b7 " + meta.year));

    // the contents: parts, documents and (for numbered chapters) their sections
    var toc = h("nav");
    toc.id = "pdf-toc";
    toc.appendChild(h("h2", "", "Contents"));
    var entries = [];
    function row(level, target, number) {
      var r = h("div", "pdf-toc-row pdf-toc-l" + level);
      var a = h("a");
      a.href = "#" + (target.id || target.parentElement.id);
      var num = h("span", "pdf-toc-num", number || "");
      var title = h("span", "pdf-toc-title");
      var hc = headingContent(target);
      while (hc.firstChild) { title.appendChild(hc.firstChild); }
      var page = h("span", "pdf-toc-page", "");
      page.dataset.entry = String(entries.length);
      a.appendChild(num); a.appendChild(title);
      r.appendChild(a); r.appendChild(h("span", "pdf-toc-dots")); r.appendChild(page);
      toc.appendChild(r);
      var marker = h("span", "pdf-marker", "PDFMK" + ("000" + entries.length).slice(-3) + "Q");
      target.appendChild(marker);
      entries.push({level: level, number: number || "", page: page, marker: marker,
                    title: title.textContent.trim()});
    }
    var rootDoc = docs[0];
    if (rootDoc && rootDoc.heading) { row(1, rootDoc.heading, ""); }
    (meta.parts || []).forEach(function (part) {
      if (part.caption) { toc.appendChild(h("div", "pdf-toc-part", part.caption)); }
      part.docs.forEach(function (name) {
        var d = byName[name];
        if (!d || !d.heading) { return; }
        row(1, d.heading, d.number);
        if (d.number) {
          d.section.querySelectorAll(":scope > section > h3").forEach(function (sub) {
            row(2, sub, sectionNumber(sub));
          });
        }
      });
    });
    article.insertBefore(toc, article.firstChild);
    article.insertBefore(tp, toc);
    window.pdfBook.entries = entries;

    // over-wide display math, tables and outputs shrink to the text width
    document.querySelectorAll("mjx-container[display='true'], div.math, table, " +
                              ".cell_output > .output > pre, .cell_output img")
      .forEach(function (e) { if (fitWidth(e)) { info.fitted += 1; } });
    info.entries = entries.map(function (e) {
      return {level: e.level, number: e.number, title: e.title};
    });
    return info;
  }

  // After the first print: write the page numbers and remove the markers.
  function setTocPages(pages) {
    window.pdfBook.entries.forEach(function (e, k) {
      e.page.textContent = pages[k] === undefined ? "" : String(pages[k]);
      e.marker.remove();
    });
  }

  return {prepare: prepare, setTocPages: setTocPages, spread: spread};
})();
