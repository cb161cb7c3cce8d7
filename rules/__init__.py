"""Classification rules shipped with difbot (one TOML file per category); see classify.py."""
