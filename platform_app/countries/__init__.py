"""The Member States' pages: the overview and the entries a State writes, their attachments and
audiences, and the Secretariat's moderation."""
