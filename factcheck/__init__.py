"""factcheck: check figures in claims against a folder of sources, offline."""

__version__ = "0.1.0"


def build_name() -> str:
    """Which build is installed: "compiled" when the text pipeline is C extension modules
    (``FACTCHECK_COMPILE=1 pip install .``, see setup.py), else "interpreted".  Looks the module up
    without importing it (``--version`` stays as fast as it was)."""
    import importlib.util

    spec = importlib.util.find_spec("factcheck.pipeline")
    origin = spec.origin if spec is not None else None
    return "compiled" if origin is not None and not origin.endswith(".py") else "interpreted"


def version_line(prog: str) -> str:
    """What ``--version`` prints: the program, its version and its build."""
    return f"{prog} {__version__} ({build_name()})"
