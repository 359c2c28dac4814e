"""Start chromium and a headless JupyterLab: shared by the browser tests and tools/bench_live.py.

Nothing here depends on pytest: a failure to start raises :class:`LaunchError` with a message
that says what is missing, and callers turn it into a test failure or an exit status.
"""

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
JUPYTER_CONFIG = ROOT / "jupyter"     # the book's JupyterLab settings (``make lab`` uses them)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class LaunchError(RuntimeError):
    """Chromium or JupyterLab could not start."""


def free_port():
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_chromium(playwright):
    """Debian's chromium, headless, driven by ``playwright`` (a sync_playwright() object)."""
    if not pathlib.Path(CHROMIUM).exists():
        raise LaunchError(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    except Exception as err:     # playwright raises its own Error type with the browser's log
        raise LaunchError(f"chromium ({CHROMIUM}) did not start: {err}") from err


def write_notebook(path, *sources):
    """A notebook of code cells (one per source string) on the venv's python3 kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


@contextlib.contextmanager
def jupyterlab(root, timeout=60, book_config=True):
    """Serve the folder ``root`` with JupyterLab (no token, no browser); yield its URL.

    ``root`` should be a temporary folder: JupyterLab's autosave writes to what it opens.
    With ``book_config`` the server also reads the book's settings (``jupyter/``, as ``make
    lab`` does); without, it runs with JupyterLab's stock ones.
    """
    port = free_port()
    env = dict(os.environ)
    paths = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
             if p and pathlib.Path(p).resolve() != JUPYTER_CONFIG]
    if book_config:
        paths.insert(0, str(JUPYTER_CONFIG))
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--LabApp.check_for_updates_class"
         "=jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                err = log.read().decode(errors="replace").strip().splitlines()[-5:]
                raise LaunchError(f"JupyterLab exited with status {proc.returncode}: "
                                  + " | ".join(err))
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise LaunchError(f"JupyterLab did not answer on {url} within {timeout} "
                                      f"s") from None
                time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def run_all(browser, url, name, init_script=None):
    """Open notebook ``name`` in JupyterLab, wait for its kernel, run all cells; return the page.

    The workspace is reset (``?reset``): the page shows this notebook alone, not also the ones
    an earlier page opened. ``init_script``, if given, is JavaScript run in the page before
    JupyterLab's own.
    """
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    if init_script:
        page.add_init_script(init_script)
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    return page


# In-page latency of the delta_t explorer: each move sets a slider and dispatches its input
# event (as a drag does); the time runs from just before the event to the moment the readout,
# written last by draw() after the SVG and the heatmap, changes (a MutationObserver, which fires
# right after the synchronous redraw). Nothing of playwright is inside the interval.
EXPLORER_MOVES = """async ([root, n, gap]) => {
  const T = root.querySelector("input[data-slider='T']");
  const N = root.querySelector("input[data-slider='w_norm']");
  const readout = root.querySelector(".rnnlib-dv-readout");
  const out = [];
  for (let i = 0; i < n; i++) {
    const drawn = new Promise((resolve, reject) => {
      const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now()); });
      mo.observe(readout, {childList: true, characterData: true, subtree: true});
      setTimeout(() => { mo.disconnect(); reject(new Error("no redraw within 20 s")); }, 20000);
    });
    // alternate the sliders: T one step down, ||W|| one step up or down
    const input = i % 2 ? N : T;
    input.value = i % 2 ? +input.value + (i % 4 === 1 ? 1 : -1) : +input.value - 1;
    const start = performance.now();
    input.dispatchEvent(new Event("input"));
    out.push((await drawn) - start);
    await new Promise((r) => setTimeout(r, gap));
  }
  return out;
}"""

# The same for a LineView (ipywidgets slider, matplotlib PNG in the kernel): the time from the
# slider's new value to the new image src. JupyterLab keeps the arrow keys, so the move is a
# keyboard step on the focused noUi handle, measured from the keydown.
LINEVIEW_MOVES = """async ([n, gap]) => {
  const handle = document.querySelector(".widget-slider .noUi-handle");
  const img = document.querySelector(".jp-OutputArea-output img");
  const out = [];
  for (let i = 0; i < n; i++) {
    const drawn = new Promise((resolve, reject) => {
      const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now()); });
      mo.observe(img, {attributes: true, attributeFilter: ["src"]});
      setTimeout(() => { mo.disconnect(); reject(new Error("no redraw within 20 s")); }, 20000);
    });
    const key = i % 2 ? "ArrowLeft" : "ArrowRight";
    handle.focus();
    const start = performance.now();
    handle.dispatchEvent(new KeyboardEvent("keydown", {key: key, code: key, keyCode:
      key === "ArrowLeft" ? 37 : 39, which: key === "ArrowLeft" ? 37 : 39, bubbles: true}));
    out.push((await drawn) - start);
    await new Promise((r) => setTimeout(r, gap));
  }
  return out;
}"""
