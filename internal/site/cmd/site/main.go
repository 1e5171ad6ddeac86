// Command site builds the lessons' website into a directory (make site: build/site/).
//
//	go run ./internal/site/cmd/site -out build/site
//
// It reads the committed notebooks, so it needs no Jupyter and runs nothing of the lessons; see
// package site for what it writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/descentlab/descent/internal/site"
)

func main() {
	root := flag.String("root", ".", "the repository")
	out := flag.String("out", "build/site", "output directory (replaced)")
	notebooks := flag.String("notebooks", "notebooks", "the lessons' directory")
	node := flag.String("node", "node", "the Node.js binary")
	api := flag.String("api", "https://pkg.go.dev/github.com/descentlab/descent", "address of the API documentation")
	flag.Parse()
	siteDir := filepath.Join(*root, "site")
	rep, err := site.Build(site.Options{
		Notebooks:   *notebooks,
		Gallery:     filepath.Join(*root, "docs", "gallery.md"),
		KaTeX:       filepath.Join(siteDir, "node_modules", "katex", "dist"),
		Out:         *out,
		Render:      site.NodeRenderer(*node, siteDir),
		APIDocs:     *api,
		Interactive: site.Interactives(*root),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var total int64
	for _, p := range rep.Pages {
		total += p.HTML + p.Figures
	}
	fmt.Printf("site: %d pages in %s (%.1f MB of pages and figures); page weights in %s\n",
		len(rep.Pages), *out, float64(total)/1e6, filepath.Join(*out, "weights.txt"))
}
