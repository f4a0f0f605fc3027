"""The public poverty-standard calculator page (/calc/poverty/)."""
