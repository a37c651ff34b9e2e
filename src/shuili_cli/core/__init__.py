"""The core: loads a repository and returns results as data. Never prints."""
