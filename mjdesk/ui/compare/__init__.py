"""The compare window: 2-4 jobs side by side or flickered, with what differs in their prompts."""
