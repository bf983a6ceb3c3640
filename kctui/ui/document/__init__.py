"""The document view: a source document in full, its quotes lit where they stand."""
