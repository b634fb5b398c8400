// Package public holds the stylesheet, icons and other static files, embedded in the
// binary: the site loads nothing from another origin.
package public

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

// Files are served under /static/.
//
//go:embed css icons
var Files embed.FS

// Version is a short hash of all static files, added to their URLs so browsers may
// cache them for a year and still get a new version after a deploy.
func Version() (string, error) {
	sum := sha256.New()
	err := fs.WalkDir(Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := Files.ReadFile(path)
		if err != nil {
			return err
		}
		sum.Write([]byte(path))
		sum.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil))[:10], nil
}
