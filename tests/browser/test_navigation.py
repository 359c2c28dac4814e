"""The menu and contents buttons of the built book, on a phone, a tablet and a desktop window.

The menu button (book contents, the primary sidebar) and the contents button (this page's
sections, the secondary sidebar) must open a panel a reader can see and use at every width, in
light and dark mode; on a desktop window the menu button collapses the sidebar and brings it back.
sphinx-book-theme 1.3.0 with pydata-sphinx-theme 0.17.1 broke all of this (the click handlers
went to a hidden second pair of buttons): requirements.txt holds the theme at versions that work.
The checks look at what is on screen (boxes, hit tests), not at how the theme opens a panel.
"""

import functools
import re

import pytest
from bs4 import BeautifulSoup

from .conftest import HTML, SHOTS
from .test_book import KNOWN_ERRORS, toc_pages

# chapter 5: a chapter page with many sections, and the quickest of the chapters to load
CHAPTER = "book/05_long_range.html"
PHONE, TABLET, DESKTOP = (390, 844), (820, 1180), (1280, 900)


def _text(tag):
    """A heading's text as the reader sees it: section number kept, the '#' permalink dropped."""
    for a in tag.select(".headerlink"):
        a.decompose()
    return " ".join(tag.get_text(" ").split())


@functools.cache
def chapter_titles():
    """The title (h1) of every page of _toc.yml but the landing page, read from the built HTML."""
    titles = []
    for path in toc_pages()[1:]:
        soup = BeautifulSoup((HTML / path).read_text(), "html.parser")
        h1 = soup.select_one("article h1")
        for n in h1.select(".section-number"):
            n.decompose()
        titles.append(_text(h1))
    return tuple(titles)


@functools.cache
def page_sections(path):
    """The section headings (h2, with their numbers) of one built page."""
    soup = BeautifulSoup((HTML / path).read_text(), "html.parser")
    return tuple(_text(h) for h in soup.select("article.bd-article section > h2"))


# For each element of the list: scrolled into view within its panel, is it inside the window
# and is it what a click at its centre would hit (not covered, not hidden, not off screen)?
ON_SCREEN = """(els) => els.map((el) => {
  el.scrollIntoView({block: "nearest", inline: "nearest"});
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1 || r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5
      || r.bottom > innerHeight + 0.5) return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit) || hit.contains(el));
})"""


def on_screen(locator):
    """For every element ``locator`` matches: can the reader see and click it?"""
    return locator.evaluate_all(ON_SCREEN)


def link_texts(locator):
    return [" ".join(t.split()) for t in locator.all_text_contents()]


@pytest.fixture(params=["light", "dark"])
def mode(request):
    return request.param


@pytest.fixture
def open_page(browser, server, mode):
    """open_page(path, (width, height)): the page in a fresh window in ``mode``, network cut."""
    contexts = []

    def _open(path, size):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                      color_scheme=mode)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server)
                   else r.abort())
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        # chromium asks every new window for /favicon.ico, which the book does not have
        page.on("console", lambda m: m.type == "error"
                and not m.location.get("url", "").endswith("/favicon.ico")
                and page.errors.append(m.text))
        page.goto(f"{server}/{path}", wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        return page

    yield _open
    for c in contexts:
        c.close()


def assert_no_errors(page):
    unknown = [e for e in page.errors if not any(k.search(e) for k in KNOWN_ERRORS)]
    assert unknown == [], f"JavaScript errors: {unknown}"


def the_button(page, which):
    """The one visible menu (``primary``) or contents (``secondary``) button."""
    button = page.locator(f".{which}-toggle:visible")
    assert button.count() == 1, f"{button.count()} visible {which} buttons"
    return button


def test_chapter_titles_are_read():
    titles = chapter_titles()
    assert "Backpropagation" in titles
    assert "Recurrent networks and backpropagation through time" in titles
    assert len(titles) == len(toc_pages()) - 1


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["390px", "820px"])
def test_menu_opens_the_book_contents(open_page, mode, size):
    page = open_page(CHAPTER, size)
    nav = page.locator(".bd-docs-nav")
    assert not any(on_screen(nav)), "the book contents show before the menu is opened"
    the_button(page, "primary").click()
    page.wait_for_timeout(400)     # the panel's slide-in
    links = nav.locator("a.reference")
    texts = link_texts(links)
    hidden = [t for t, shown in zip(texts, on_screen(links)) if not shown]
    assert hidden == [], f"links of the menu not on screen: {hidden}"
    for title in chapter_titles():
        assert any(title in t for t in texts), f"{title!r} missing from the menu: {texts}"
    if size == PHONE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"nav-390-menu-{mode}.png"))
    # Escape closes the panel; the menu opens again and a chapter link in it goes to the chapter
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not any(on_screen(nav)), "the menu did not close on Escape"
    the_button(page, "primary").click()
    page.wait_for_timeout(400)
    nav.locator("a.reference", has_text="Vanishing and exploding gradients").click()
    page.wait_for_url(re.compile(r"/book/03_vanishing\.html"), wait_until="commit")
    assert_no_errors(page)


def test_menu_on_the_landing_page(open_page):
    page = open_page("book/intro.html", PHONE)
    the_button(page, "primary").click()
    page.wait_for_timeout(400)
    links = page.locator(".bd-docs-nav a.reference")
    assert all(on_screen(links)), "the menu did not open on the landing page"
    assert any("Backpropagation" in t for t in link_texts(links))
    assert_no_errors(page)


def test_menu_collapses_the_sidebar_on_a_desktop(open_page, mode):
    page = open_page(CHAPTER, DESKTOP)
    nav = page.locator(".bd-docs-nav")
    links = nav.locator("a.reference")
    article = page.locator("article.bd-article")
    assert all(on_screen(links)), "the book contents are not shown beside the page"
    assert any("Backpropagation" in t for t in link_texts(links))
    width = article.bounding_box()["width"]
    the_button(page, "primary").click()
    page.wait_for_timeout(400)
    assert not any(on_screen(nav)), "the menu button did not collapse the sidebar"
    assert page.locator("dialog[open]").count() == 0, "a dialog opened instead of a collapse"
    assert article.bounding_box()["width"] > width, "the page did not take the freed room"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"nav-1280-collapsed-{mode}.png"))
    the_button(page, "primary").click()
    page.wait_for_timeout(400)
    assert all(on_screen(links)), "the menu button did not bring the sidebar back"
    assert_no_errors(page)


@pytest.mark.parametrize("size", [PHONE, TABLET, DESKTOP], ids=["390px", "820px", "1280px"])
def test_contents_show_the_sections_of_the_page(open_page, mode, size):
    page = open_page(CHAPTER, size)
    sections = page_sections(CHAPTER)
    assert len(sections) >= 5 and sections[0].startswith("5.1.")
    toc = page.locator("#pst-page-toc-nav")
    if size == DESKTOP:
        # wide enough: the page's contents stand beside it and the button is not needed
        assert page.locator(".secondary-toggle:visible").count() == 0
    else:
        assert not any(on_screen(toc)), "the contents show before the button is clicked"
        the_button(page, "secondary").click()
        page.wait_for_timeout(400)
    links = toc.locator(":scope > ul > li > a")
    texts = link_texts(links)
    hidden = [t for t, shown in zip(texts, on_screen(links)) if not shown]
    assert hidden == [], f"sections not on screen: {hidden}"
    assert tuple(texts) == sections
    if size == PHONE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"nav-390-contents-{mode}.png"))
        # a section link goes to its section
        anchor = links.nth(2).get_attribute("href")
        assert anchor.startswith("#")
        links.nth(2).click()
        page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    assert_no_errors(page)
