"""What the published web edition adds around the texts, from their YAML metadata.

- `facts`: one text's bibliographic facts, as the web pages need them (edition URL, PDF, words).
- `citation`: how to cite a text and this edition: formatted styles, BibTeX and RIS.
- `head`: the metadata reference managers and indexes read (Highwire, Dublin Core, JSON-LD, Open Graph).
- `cite_box`: the "Cite this" box and the reading facts under a text's title.
- `html_fixes`: small, named repairs of Material's HTML (accessibility and validity).
- `layout_hints`: the length of each paragraph, for the stylesheet's estimate of its height.
- `minify`: the edition's own CSS and JS minified into the site.
- `finish_site`: the fixes and the minifying, as one step over a built site folder (any engine).

The MkDocs hook calls these; none of it changes a word of a text.
"""
