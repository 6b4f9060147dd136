"""The scholarly apparatus: bibliography and citations, glossary, registers and themes."""
