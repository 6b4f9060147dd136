"""Renderers: one per output, each a table of small per-node functions over the model."""
