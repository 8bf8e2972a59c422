"""`python main.py …`: the command line (see cli/ and README.md)."""

from cli import main

if __name__ == "__main__":
    raise SystemExit(main())
