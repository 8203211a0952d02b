"""The Measured effects page: files in session memory and their analysis (evidence), its charts and its texts."""
