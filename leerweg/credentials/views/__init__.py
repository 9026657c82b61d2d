"""Views of the credentials app, one module per part."""
