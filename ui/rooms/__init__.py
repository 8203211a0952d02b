"""Workshop rooms: their links, store and texts (rooms), and the parts of the facilitator's page (facilitator)."""
