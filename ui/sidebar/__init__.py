"""The sidebar: the assumption panel (sidebar), its advanced editors (advanced) and the projector view (present)."""
