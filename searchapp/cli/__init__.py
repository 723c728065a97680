"""The `searchapp` command line."""
