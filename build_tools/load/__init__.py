"""Loading: raw seed files and editorial YAML, checked before any pass runs."""
