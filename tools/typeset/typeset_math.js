// Typeset the math of built HTML pages at build time, with mathjax-full (no MathJax in the page).
//
// usage: SITE_ROOT=DIR node typeset_math.js FONT_DIR FILE.html...
//   FONT_DIR  MathJax's woff-v2 fonts, as a path relative to the site root DIR
// The output is CHTML: measured on the chapters it is lighter than SVG (chapter 2: 1.05 MB of
// HTML and about 120 kB of fonts, against 1.32 MB of HTML for SVG with a shared glyph cache).
// Each page's `\(...\)` and `\[...\]` math (Sphinx's <span|div class="math notranslate
// nohighlight">) is replaced in place by MathJax's output plus its assistive MathML (what a screen
// reader speaks); the equation numbers and their links are Sphinx's HTML and stay as they are.
// The CSS the page needs (only the glyphs it uses) goes into a <style> in its <head>.
// Prints one JSON line per page: {file, count}.
"use strict";
const fs = require("fs");
const path = require("path");
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {CHTML} = require("mathjax-full/js/output/chtml.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AssistiveMmlHandler} = require("mathjax-full/js/a11y/assistive-mml.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

const [fontDir, ...files] = process.argv.slice(2);
if (!files.length) {
  console.error("usage: SITE_ROOT=DIR node typeset_math.js FONT_DIR FILE.html...");
  process.exit(2);
}
const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

const MATH = /<(span|div) class="math notranslate nohighlight"([^>]*)>([\s\S]*?)<\/\1>/g;
const DELIMS = /^([\s\S]*?)(\\\(|\\\[)([\s\S]*?)(\\\)|\\\])\s*$/;
const ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"};
const unescape = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);

// Attributes that say nothing in an HTML page (the HTML parser puts <math> in the MathML
// namespace) or that the stylesheet below says once for all.
const slim = (s) => s.replace(/ xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/g, "")
  .replace(/ unselectable="on"/g, "").replace(/ style="position: relative;"/g, "");
// font-size: the scale MathJax computes in the browser to match the theme's font's x-height.
const EXTRA_CSS = 'mjx-container[jax="CHTML"]{position:relative;font-size:119.5%}' +
  "mjx-assistive-mml{user-select:none}";

function typesetPage(file) {
  const html0 = fs.readFileSync(file, "utf8");
  if (!html0.includes('class="math notranslate nohighlight"')) return {file, count: 0};
  const rel = path.relative(path.dirname(file), process.env.SITE_ROOT || ".") || ".";
  const tex = new TeX({packages: AllPackages.filter((p) => p !== "bussproofs")});
  const out = new CHTML({fontURL: path.posix.join(rel.split(path.sep).join("/"), fontDir),
                         adaptiveCSS: true});
  const doc = mathjax.document("", {InputJax: tex, OutputJax: out});
  let count = 0;
  const errors = [];
  const body = html0.replace(MATH, (whole, tag, attrs, inner) => {
    if (inner.includes("<mjx-container")) return whole;     // typeset by an earlier run
    const m = DELIMS.exec(inner);
    if (!m) { errors.push(inner.slice(0, 80)); return whole; }
    const display = m[2] === "\\[";
    const node = doc.convert(unescape(m[3]), {display, em: 16, ex: 8, containerWidth: 80 * 16});
    if (adaptor.getAttribute(node, "jax") === undefined) errors.push(m[3].slice(0, 80));
    const merror = adaptor.outerHTML(node).includes("merror");
    if (merror) errors.push("TeX error: " + m[3].slice(0, 80));
    count += 1;
    return `<${tag} class="math notranslate nohighlight"${attrs}>${m[1]}${slim(adaptor.outerHTML(node))}</${tag}>`;
  });
  if (!count) return {file, count};
  if (errors.length) {
    console.error(`${file}: ${errors.length} formulas not typeset:\n  ` + errors.join("\n  "));
    process.exit(1);
  }
  const css = adaptor.textContent(out.styleSheet(doc)).replace(/\n\s*/g, "") + EXTRA_CSS;
  fs.writeFileSync(file, body.replace("</head>", `<style id="mathjax-css">${css}</style>\n</head>`));
  return {file, count};
}

for (const f of files) console.log(JSON.stringify(typesetPage(f)));
