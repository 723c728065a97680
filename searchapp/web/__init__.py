"""The Flask front end: pages, JSON API, feeds, the interface's languages, the server."""
