"""``python -m roi_core``: see :mod:`roi_core.cli`."""

import sys

from roi_core.cli import main

if __name__ == "__main__":
    sys.exit(main())
