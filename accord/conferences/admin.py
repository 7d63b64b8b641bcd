"""No admin pages: conference records hold person data, and the admin is no channel for it
(the platform operator reads the audit log, not the cases)."""
