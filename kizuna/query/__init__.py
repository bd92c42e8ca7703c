"""Read-side questions over the store (profiles, lists) shared by the CLI and (later) the web."""
