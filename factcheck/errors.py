"""The one exception type the CLI turns into a one-line message and exit status 2."""


class FactcheckError(Exception):
    """A problem the user can act on; ``str(e)`` is one line and names the fix where there is one."""
