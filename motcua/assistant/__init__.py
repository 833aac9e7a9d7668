"""Virtual assistant: answers questions about the procedure catalog, grounded in its facts."""
