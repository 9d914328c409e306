"""The web process: verifies, deduplicates and enqueues GitHub webhook deliveries."""
