"""Evaluation of the assistant: `python -m motcua.assistant.eval --catalog F --questions F`."""
