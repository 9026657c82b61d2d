"""The Plusdocument: composing, curating, validating, issuing and versions."""
