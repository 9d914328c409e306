"""awesome-review: reviews pull requests to awesome lists."""

__version__ = "0.1.0"
