"""Renderers: Rich tables for people, JSON and CSV for scripts, Excel workbooks for officers."""
