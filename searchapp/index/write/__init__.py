"""The fast write path: Whoosh segments written a block at a time, by worker processes."""
