"""Plain-text presentation: a progress bar, the readout of the delta_t explorer, and the source
of a library function as a chapter shows it.

The numbers come from :mod:`rnnlib.charlm` and :mod:`rnnlib.explore`; this module only turns
them into short, deterministic strings (no timings), so a stored output is the same on every
run. It imports numpy only.
"""

import ast
import inspect
import textwrap

from .. import explore


def _is_check(node):
    """A call of one of rnnlib's argument checks (``_check_...`` or ``_validate....``), or a
    tuple or generator of such calls."""
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_is_check(e) for e in node.elts)
    if isinstance(node, ast.GeneratorExp):
        return _is_check(node.elt)
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return ((isinstance(f, ast.Name) and f.id.startswith("_check"))
            or (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                and f.value.id == "_validate"))


def source(fn):
    """The source of ``fn`` as a chapter shows it: no docstring, and the statements that only
    check the arguments (``x = _validate.rows(...)``) folded into one comment.

    Parameters
    ----------
    fn : function
        A function of rnnlib (its comments, which name the mathematics, are kept).

    Returns
    -------
    str
        The function's lines, from ``def`` on, each ending with a newline.
    """
    lines = textwrap.dedent(inspect.getsource(fn)).splitlines(keepends=True)
    func = ast.parse("".join(lines)).body[0]
    body = func.body
    out = lines[:body[0].lineno - 1]                       # the def line(s)
    indent = " " * body[0].col_offset
    folded, end = False, body[0].lineno - 1
    for stmt in body:
        segment = lines[end:stmt.end_lineno]               # with the comments above it
        end = stmt.end_lineno
        docstring = (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                     and isinstance(stmt.value.value, str))
        if docstring:
            continue
        if isinstance(stmt, ast.Assign) and _is_check(stmt.value):
            if not folded:
                out.append(f"{indent}# (the arguments are checked here; p is params)\n")
                folded = True
            continue
        out.extend(segment)
    return "".join(out)


def progress_bar(step, total, width=40):
    """A text progress bar, ``[#####.....]  50/100`` (:doc:`04_lstm`).

    Parameters
    ----------
    step, total : int
        0 <= step <= total.
    width : int

    Returns
    -------
    str
    """
    filled = int(width * step // total)
    return f"[{'#' * filled}{'.' * (width - filled)}] {step:>{len(str(total))}}/{total}"


def delta_readout(norms):
    """The explorer's readout ``||delta_1|| / ||delta_T|| = ...`` (:doc:`03_vanishing`).

    Parameters
    ----------
    norms : ndarray, shape (T,)
        ||delta_t|| for t = 1..T, as in :func:`rnnlib.explore.delta_norms`.

    Returns
    -------
    str
    """
    return f"||delta_1|| / ||delta_T|| = {norms[0] / norms[-1]:.3e}"


def delta_frame(T, w_norm, activation="tanh"):
    """One picture of the delta_t explorer: the measured norms and their bound, with a readout.

    Parameters
    ----------
    T : int
    w_norm : float
    activation : str

    Returns
    -------
    dict
        ``"x"``: (T,) steps; ``"series"``: [norms (T,), bound (T,)]; ``"readout"``: str, from
        :func:`delta_readout`.
    """
    d = explore.delta_norms(T, w_norm, activation)
    return {"x": d["t"], "series": [d["norm"], d["bound"]], "readout": delta_readout(d["norm"])}
