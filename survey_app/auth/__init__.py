"""Sign-in, roles and organisation scoping."""
