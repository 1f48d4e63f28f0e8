"""factcheck: check figures in claims against a folder of sources, offline."""

__version__ = "0.1.0"
