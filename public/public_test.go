package public

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
)

// The stylesheet is served minified; every other file as it is.
func TestStatic(t *testing.T) {
	served, err := Static()
	if err != nil {
		t.Fatal(err)
	}
	source, _ := files.ReadFile("css/site.css")
	css, err := fs.ReadFile(served, "css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	if len(css) >= len(source)*9/10 || strings.Contains(string(css), "/*") || !strings.Contains(string(css), ":focus-visible{") {
		t.Errorf("served stylesheet: %d bytes from %d, starts %.200q", len(css), len(source), css)
	}
	icon, _ := files.ReadFile("icons/house.svg")
	if got, err := fs.ReadFile(served, "icons/house.svg"); err != nil || !bytes.Equal(got, icon) {
		t.Errorf("icon served changed (%v)", err)
	}
}
