"""Dialogs. Those awaited from coroutines go through ``awaitable.run_dialog`` (open(), never exec())."""
