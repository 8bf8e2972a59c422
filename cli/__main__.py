"""`python -m cli …`, the same as `python main.py …`."""

from cli import main

raise SystemExit(main())
