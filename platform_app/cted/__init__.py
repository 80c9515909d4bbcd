"""CTED's country assessments and their technical-assistance recommendations, who may share and
update them, and the projects that respond to them."""
