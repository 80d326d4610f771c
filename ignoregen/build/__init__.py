"""What a build reads and ships: Dockerfile analysis, compose discovery, and the files a
build needs although no COPY names them."""
