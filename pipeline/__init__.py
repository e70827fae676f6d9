"""Reading, running and writing: readers, the layout model, the batch runner, writers, CLI."""
