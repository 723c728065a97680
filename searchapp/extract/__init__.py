"""A release's metadata from its text: dates, partners, regions, people and quotations."""
