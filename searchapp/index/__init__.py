"""The only stage that knows Whoosh: schema, opening, reindex, storage, the read and write paths."""
