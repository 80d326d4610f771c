// Package chi is a small router (vendored stand-in for the sample).
package chi
