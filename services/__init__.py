"""The five nameko services; each owns its own database and never imports another's models."""
