"""The smallest ignore file: synthesis and pruning of rules, the import of .gitignore
rules, and the writer that never loses a user's line."""
