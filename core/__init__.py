"""Shared core of bukti: the data contract, errors and settings every stage uses."""
