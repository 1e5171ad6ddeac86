package site

// Interactives lists the figures of the lessons that run in the page, with the files they need
// under root (the repository). None yet: see wasm.go once it exists.
func Interactives(root string) map[string]Interactive { return nil }
