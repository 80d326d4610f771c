package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"

	"example.com/hello/internal/greet"
)

//go:embed docs/usage.md
var usage string

func main() {
	flag.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	name := flag.String("name", "world", "who to greet")
	flag.Parse()
	fmt.Println(greet.Hello(*name))
}
