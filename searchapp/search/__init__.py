"""The one search interface: requests and results, facets, quote search, related releases."""
