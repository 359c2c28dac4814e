"""A Sphinx extension for the PDF edition's single-page build (tools/pdf.py loads it).

Sphinx looks up a node's HTML visitors by builder name first, then by format: once any
extension registers ``singlehtml`` visitors (sphinx-exercise does), the ``html`` ones of the
others (myst-nb's hidden code cells) are no longer found and the build stops with
"unknown node type". This copies every ``html`` visitor the ``singlehtml`` table lacks.
"""


def _share_html_visitors(app, config):
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, pair in handlers.get("html", {}).items():
        single.setdefault(node, pair)


def setup(app):
    app.connect("config-inited", _share_html_visitors, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
