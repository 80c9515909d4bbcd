"""The Compact's structure: the pillars of the Global Strategy, thematic areas, languages, and the
working groups with their member organizations and invited guests; the membership rules that decide who
writes in and reads a group's space."""
