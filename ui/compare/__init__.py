"""The Compare page: saved scenarios side by side (compare), their charts and which assumptions differ."""
