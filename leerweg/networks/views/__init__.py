"""The pages of learning networks and learning areas, one module per part."""
