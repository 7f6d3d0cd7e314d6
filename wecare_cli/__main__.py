"""Run the command-line interface with ``python -m wecare_cli``."""

from wecare_cli.cli.app import main

if __name__ == "__main__":
    main()
