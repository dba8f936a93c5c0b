"""The entry point PyInstaller freezes: the same command line as the installed `cramp-coach` script
(the speech worker runs as `cramp-coach --speech-worker`, since a frozen build has no `python -m`)."""

import sys

from cramp_coach.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
