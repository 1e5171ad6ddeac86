package plotting

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var gallery = flag.String("gallery", "", "write the gallery's PNG images to this directory (docs/gallery)")

// TestGallery writes every figure of docs/gallery.md, at its default size and
// PNGDPI, when run with -gallery:
//
//	go test ./plotting -run TestGallery -gallery ../docs/gallery
//
// The directory is relative to the package directory, where go test runs.
func TestGallery(t *testing.T) {
	if *gallery == "" {
		t.Skip("no -gallery directory given")
	}
	if err := os.MkdirAll(*gallery, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, gf := range galleryFigures {
		f, err := gf.build()
		if err != nil {
			t.Fatalf("%s: %v", gf.name, err)
		}
		if err := f.Save(filepath.Join(*gallery, gf.name+".png")); err != nil {
			t.Fatalf("%s: %v", gf.name, err)
		}
	}
}
