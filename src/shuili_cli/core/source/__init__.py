"""Reading a repository: layout, YAML, models applied per file, the cache, git, the loader."""
