package internal

import "embed"

//go:embed view
var Assets embed.FS
