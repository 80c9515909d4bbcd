"""The home page: the reader's own work first, then the Compact in numbers."""
