"""Jupyter server settings of the book's JupyterLab: ``make lab``, the browser tests, bench_live.

They reach the server through ``JUPYTER_CONFIG_PATH``, beside the reader's own settings (which
still apply). Together with ``labconfig/page_config.json`` they take about a quarter off a live
view's round trip (one slider move: the kernel's "busy" status, the view's result, "idle").

Tornado leaves Nagle's algorithm on for a websocket. A message written while an earlier one is
not yet acknowledged (the result right after "busy") then sends its last, partial packet only
when the acknowledgement comes, which the browser may delay by up to 40 ms. With TCP_NODELAY on
the kernel's websocket every message leaves at once; tornado's ``WebSocketHandler.set_nodelay``
documents this trade of a few more packets for less latency.

``labconfig/page_config.json`` turns off JupyterLab's busy favicon. At every "busy" and "idle"
that plugin swaps the ``rel`` of two ``<link>`` elements: the browser then collects all of
JupyterLab's style sheets again (up to 14 ms a swap, traced on two shared cores) and fetches
the icon from the server once more. The kernel's state still shows in the notebook's toolbar.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class NoDelayKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """Jupyter's kernel websocket connection, with TCP_NODELAY on its socket."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


c.ServerApp.kernel_websocket_connection_class = NoDelayKernelWebsocketConnection  # noqa: F821
