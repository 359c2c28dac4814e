"""The figures of the built book as a reader sees them: alt text, text size, legends.

One page load per chapter and width. Static figures (PNG, drawn at twice their size for sharp
screens) must say what they show in their alt text (not a file name) and be shown at nearly
their drawn size on a laptop, so that their text keeps the size it was drawn at. rnnlib's
pictures (charts, drawings and the LSTM cell) must show every SVG text at 10 px or more, on a
laptop and on a phone: a chart lays its text out for the width it is shown at, a drawing keeps
the width its text needs and scrolls sideways; the legends of the charts stay clear of the
plotted data.
"""

import pytest

CHAPTERS = ["00_how_to_read", "01_backprop", "02_bptt", "03_vanishing", "04_lstm",
            "05_long_range"]

MEASURE = """() => {
  const out = {imgs: [], texts: [], legends: []};
  for (const img of document.querySelectorAll('.cell_output img')) {
    const r = img.getBoundingClientRect();
    out.imgs.push({alt: img.getAttribute('alt') || '', shown: r.width,
                   drawn: img.naturalWidth / 2, src: img.getAttribute('src')});
  }
  const pictures = '.rnnlib-dualview svg, figure.rnnlib-figure > svg, svg.rnnlib-figure';
  for (const svg of document.querySelectorAll(pictures)) {
    const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
    const scale = vb && vb.width ? r.width / vb.width : 1;
    for (const t of svg.querySelectorAll('text, tspan')) {
      if (t.textContent.trim()) {
        out.texts.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
      }
    }
    const frame = svg.querySelector('g > rect[fill=none]');
    if (frame && svg.querySelector('path')) {
      const top = frame.getBBox().y;
      for (const t of svg.querySelectorAll(':scope > text')) {
        const b = t.getBBox();
        out.legends.push([t.textContent, b.y + b.height, top]);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_figures_are_described_legible_and_clear(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    measured = 0
    try:
        for name in CHAPTERS:
            page.goto(f"{server}/book/{name}.html")
            page.wait_for_load_state("load")
            got = page.evaluate(MEASURE)
            for img in got["imgs"]:
                alt = img["alt"].strip()
                assert len(alt) > 40 and not alt.endswith((".png", ".svg")) \
                    and "/" not in alt.split()[0], (name, img["src"], alt)
                if width == 1280:            # shown at (nearly) the size it was drawn at
                    assert img["shown"] >= 0.95 * img["drawn"], (name, img)
            measured += len(got["texts"])
            small = [(text, round(px, 1)) for text, px in got["texts"] if px < 10]
            assert not small, (name, width, small[:5])
            for text, bottom, top in got["legends"]:
                assert bottom <= top + 1, (name, width, text, bottom, top)
        assert measured > 150, measured            # the pictures' text was found
    finally:
        context.close()
