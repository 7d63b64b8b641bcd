# Mentors' records are read and written through their pages only: an early contact is the
# mentor's own, and the admin would open every one to a superuser (docs/access-control.md).
