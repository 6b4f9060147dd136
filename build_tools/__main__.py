"""`python -m build_tools …`: see build_tools/cli.py."""

import sys

from build_tools.cli import main

sys.exit(main(sys.argv[1:]))
