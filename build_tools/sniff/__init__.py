"""Guessing what a raw text is, for `python -m build_tools add-text`: its kind and its metadata.

`guess.py` holds the shapes every guesser returns; `pdf.py` guesses from a PDF extraction,
`web.py` from a scraped web page (and the speakers of an interview).
"""
