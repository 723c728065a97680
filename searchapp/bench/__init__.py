"""`searchapp bench`: a generated archive, our engine beside SQLite FTS5, and the figures.

corpus.py writes a deterministic corpus from the paragraphs of real releases
(sources.py turns them into templates); peer.py is the FTS5 peer; runner.py
measures both and prints the table.
"""
