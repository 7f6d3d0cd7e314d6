"""The thin Typer command-line interface over the wecare library."""
