"""The Thematic Resource Library: documents, their versions and files."""
