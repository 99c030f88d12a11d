"""One module per action tab; each builds a core request and hands it to the Backend."""
