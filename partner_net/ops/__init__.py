"""Running the site: request logs, the health endpoint, backups."""
