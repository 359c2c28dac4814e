"""The book's JupyterLab settings (``jupyter/``): what they set, and that JupyterLab has it."""

import json
import pathlib

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.config import Config

CONFIG = pathlib.Path(__file__).resolve().parents[1] / "jupyter"
FAVICON_PLUGIN = "@jupyterlab/application-extension:faviconbusy"


def load_server_config():
    """Execute jupyter_server_config.py as the server does: with ``c``, a traitlets Config."""
    c = Config()
    path = CONFIG / "jupyter_server_config.py"
    exec(compile(path.read_text(), str(path), "exec"), {"c": c, "__file__": str(path)})
    return c


class FakeHandler:
    def __init__(self):
        self.nodelay = []

    def set_nodelay(self, value):
        self.nodelay.append(value)


def test_kernel_websocket_sets_tcp_nodelay_then_connects_as_jupyters(monkeypatch):
    cls = load_server_config().ServerApp.kernel_websocket_connection_class
    assert issubclass(cls, ZMQChannelsWebsocketConnection)
    calls = []
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect",
                        lambda self: calls.append(list(self.websocket_handler.nodelay)) or "f")
    conn = cls.__new__(cls)
    handler = FakeHandler()
    conn._trait_values["websocket_handler"] = handler      # no server behind it
    assert conn.connect() == "f"                              # Jupyter's future, passed on
    assert handler.nodelay == [True] and calls == [[True]]   # set before Jupyter's connect


def test_page_config_turns_off_the_busy_favicon_of_this_jupyterlab():
    page = json.loads((CONFIG / "labconfig" / "page_config.json").read_text())
    assert page == {"disabledExtensions": {FAVICON_PLUGIN: True}}
    # the plugin exists under that id in the installed JupyterLab (a rename would be caught)
    import jupyterlab

    static = pathlib.Path(jupyterlab.__file__).parent / "static"
    bundles = [p for p in static.glob("*.js") if FAVICON_PLUGIN in p.read_text(errors="ignore")]
    assert bundles, f"{FAVICON_PLUGIN} is not in {static}"

