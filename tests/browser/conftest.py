"""Fixtures for the browser tests: the built book served on 127.0.0.1 and Debian's chromium.

These tests need `make book` first (the Makefile runs them after it). Chromium is Debian's
(/usr/bin/chromium, installed by .ci/run); playwright only drives it. Starting chromium and
JupyterLab is shared with tools/bench_live.py, in launch.py.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .launch import ROOT, LaunchError, launch_chromium

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            b = launch_chromium(p)
        except LaunchError as err:
            pytest.fail(str(err))
        yield b
        b.close()


@pytest.fixture
def offline_page(browser):
    """A page that aborts (and records) every request to another host, and records JS errors."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.foreign, page.errors = [], []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            page.foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    yield page
    context.close()
