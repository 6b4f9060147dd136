"""The edition's build: raw seeds → typed document model → named passes → renderers.

Start reading at `passes/__init__.py` (the pipeline, in order), `model.py` (what the passes
work on) and `cli.py` (the commands).
"""
