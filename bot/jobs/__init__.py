"""Background jobs: the queue (huey), the store of wanted reviews, and the review task."""
