"""Organizations (Compact entities, Member States, regional organizations) and their focal points;
invitations and nominations; how a document or an event is shared on an organization's behalf."""
