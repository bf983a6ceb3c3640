"""Find a figure (``f``): the find screen and the command palette's figures."""
