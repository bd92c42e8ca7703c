"""Store: all SQL lives here. Entry point: `open_store(path) -> Store`."""
