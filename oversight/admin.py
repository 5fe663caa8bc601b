"""No admin for oversight: the system admin edits no business record (SEC-6)."""
