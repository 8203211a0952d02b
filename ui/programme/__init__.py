"""The Measurement rounds page: records, rounds, tables and charts (programme) and its widgets (programme_parts)."""
