"""The private self-check: a user ticks the enemies they have engaged in themselves."""
