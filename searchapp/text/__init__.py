"""Plain-Python text processing shared by every stage: analysis chains, folding, patterns, the glossary."""
