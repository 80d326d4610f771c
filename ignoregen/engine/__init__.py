"""What a builder sends: reading ignore files, Go-exact pattern matching, the walk of
the build context and its sizes. Knows nothing of presets or Dockerfiles."""
