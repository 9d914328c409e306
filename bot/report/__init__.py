"""Findings → text for people and machines: text, json, github annotations, SARIF, comments."""
