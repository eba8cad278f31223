"""Strategy sessions: a campaign's or a prospect's session, its agenda from the data, the
scribe's decisions and actions, the 2-page pre-read (PDF) and the deck (PPTX)."""
