"""The Compact's projects (the Matrix) and the Multi-Year Appeal."""
