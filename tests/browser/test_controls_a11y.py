"""The book's controls as a screen reader meets them, in a real browser with the network cut:
every input has a label, a slider announces the value shown (aria-valuetext), a choice among
names is a menu that redraws the picture, and the play button's name follows its state."""

import re

import pytest

from .conftest import SHOTS
from .test_book import KNOWN_ERRORS, load, pages_with_controls, picture

LONG_RANGE = "book/05_long_range.html"      # T: a slider, the model: a menu
EXPLORER = "book/03_vanishing.html"         # the delta_t explorer: sliders, menus, play

# Every control of a view, as the accessibility tree names it: its role, its accessible name
# (from its <label for>), the value it announces and the value printed next to it.
CONTROLS = """(v) => Array.from(v.querySelectorAll("input, select, button")).map((e) => ({
    tag: e.tagName.toLowerCase(), type: e.type,
    labels: e.labels ? Array.from(e.labels).map((l) => l.textContent) : [],
    valuetext: e.getAttribute("aria-valuetext"), name: e.getAttribute("aria-label"),
    shown: e.id ? (v.querySelector(`output[for='${e.id}']`) || {}).textContent : null,
    text: e.textContent}))"""


def errors_of(page):
    return [e for e in page.errors if not any(k.search(e) for k in KNOWN_ERRORS)]


@pytest.mark.parametrize("path, count", pages_with_controls())
def test_every_input_is_labelled_and_every_slider_announces_its_value(offline_page, server,
                                                                      path, count):
    page = offline_page
    load(page, f"{server}/{path}")
    views = page.locator(".rnnlib-dualview")
    assert views.count() == count
    for i in range(count):
        view = views.nth(i)
        for c in view.evaluate(CONTROLS):
            if c["tag"] == "button":
                assert c["name"].startswith(c["text"].split()[-1]), c
                continue
            assert len(c["labels"]) == 1 and c["labels"][0].strip(), c
            if c["type"] == "range":
                assert c["valuetext"] == f"{c['labels'][0]} = {c['shown']}", c
        # a menu changes the picture (every option in turn)
        for j in range(view.locator("select").count()):
            menu = view.locator("select").nth(j)
            for value in menu.evaluate("(s) => Array.from(s.options).map((o) => o.value)"):
                if value == menu.input_value():
                    continue
                before = picture(view)
                menu.select_option(value)
                assert picture(view) != before, f"{path}: control {i}, menu {j} -> {value}"
    assert errors_of(page) == [] and page.foreign == []


def test_a_slider_moved_by_the_keyboard_announces_the_new_value(offline_page, server):
    page = offline_page
    load(page, f"{server}/{LONG_RANGE}")
    slider = page.get_by_role("slider", name="T", exact=True)
    assert slider.count() == 1
    view = page.locator(".rnnlib-dualview", has=slider)
    shown = view.locator(f"output[for='{slider.get_attribute('id')}']")
    key = "ArrowLeft" if slider.input_value() == slider.get_attribute("max") else "ArrowRight"
    before = slider.get_attribute("aria-valuetext")
    assert before == f"T = {shown.text_content()}"
    slider.focus()
    page.keyboard.press(key)
    after = slider.get_attribute("aria-valuetext")
    assert after != before and after == f"T = {shown.text_content()}"
    assert re.fullmatch(r"T = \d+", after) and after != f"T = {slider.input_value()}"
    assert f"T = {shown.text_content()}:" in view.locator(".rnnlib-dv-readout").inner_text()
    assert errors_of(page) == [] and page.foreign == []


def test_the_model_is_a_menu_that_changes_the_picture(offline_page, server):
    page = offline_page
    page.set_viewport_size({"width": 390, "height": 844})
    load(page, f"{server}/{LONG_RANGE}")
    menu = page.get_by_role("combobox", name="model", exact=True)
    assert menu.count() == 1
    assert page.locator("input[type=range][data-slider='model']").count() == 0
    view = page.locator(".rnnlib-dualview", has=menu)
    view.scroll_into_view_if_needed()
    names = menu.evaluate("(s) => Array.from(s.options).map((o) => o.textContent)")
    assert len(names) >= 2 and "LSTM" in names
    readout = view.locator(".rnnlib-dv-readout")
    assert readout.inner_text().startswith(menu.evaluate("(s) => s.selectedOptions[0].text"))
    other = next(n for n in names if not readout.inner_text().startswith(n + ","))
    before = picture(view)
    menu.select_option(label=other)
    assert picture(view) != before and readout.inner_text().startswith(other + ",")
    # the keyboard too: the next option
    menu.focus()
    before = picture(view)
    page.keyboard.press("ArrowDown" if menu.evaluate("(s) => s.selectedIndex") < len(names) - 1
                        else "ArrowUp")
    assert picture(view) != before
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.screenshot(path=str(SHOTS / "a11y_long_range_menu_390.png"))
    assert errors_of(page) == [] and page.foreign == []


def test_the_play_buttons_name_follows_its_state(offline_page, server):
    page = offline_page
    load(page, f"{server}/{EXPLORER}")
    play = page.get_by_role("button", name=re.compile(r"^play"))
    assert play.count() == 1
    view = page.locator(".rnnlib-dualview", has=page.locator("button.rnnlib-dv-play"))
    view.scroll_into_view_if_needed()
    button = view.locator("button.rnnlib-dv-play")
    assert button.inner_text() == "▶ play"
    slider = view.get_by_role("slider", name="‖W‖₂")
    assert slider.get_attribute("aria-valuetext") == "‖W‖₂ = 1.00"
    # slow the animation down so that the state can be read while it plays
    page.evaluate("""() => { const set = window.setInterval;
                             window.setInterval = (f, ms) => set(f, 10 * ms); }""")
    button.focus()
    page.keyboard.press("Enter")
    stop = view.get_by_role("button", name=re.compile(r"^stop"))
    assert stop.count() == 1 and button.inner_text() == "■ stop"
    assert view.get_by_role("button", name=re.compile(r"^play")).count() == 0
    page.wait_for_function("() => document.querySelector('.rnnlib-dv-play')"
                           ".closest('.rnnlib-dualview').querySelector('.rnnlib-dv-readout')"
                           ".textContent.includes('step')")
    page.keyboard.press("Space")                        # stop
    assert view.get_by_role("button", name=re.compile(r"^play")).count() == 1
    assert button.inner_text() == "▶ play"
    assert button.get_attribute("aria-label") == "play: move δ back one step at a time"
    # moving a slider stops the animation and names the button play again
    button.click()
    assert button.get_attribute("aria-label").startswith("stop")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert slider.get_attribute("aria-valuetext") == "‖W‖₂ = 1.01"
    assert button.get_attribute("aria-label").startswith("play")
    assert errors_of(page) == [] and page.foreign == []
