"""Template filters of the reading room."""
