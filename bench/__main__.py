"""`python -m bench [NAME…]`."""

from bench import main

raise SystemExit(main())
