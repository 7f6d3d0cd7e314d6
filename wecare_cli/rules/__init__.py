"""Eligibility and deadline rules: each reads its numbers from measures.yaml."""
