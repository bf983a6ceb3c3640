"""Small screens shared by every mode: help, terminal too small."""
