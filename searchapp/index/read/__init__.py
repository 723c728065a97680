"""The fast read path: posting lists, document sets, facet arrays and ranking as numpy arrays."""
