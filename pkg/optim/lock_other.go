//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package optim

import (
	"os"
	"time"
)

// staleAfter is how old a temporary file must be for a save to remove it on
// systems without flock, where a running save cannot be told from a dead one.
const staleAfter = time.Hour

// lockTemp does nothing here: there is no lock to take.
func lockTemp(name string) (unlock func()) { return func() {} }

// tryLockTemp reports whether the temporary file name was last written more
// than staleAfter ago, which no save takes.
func tryLockTemp(name string) (unlock func(), ok bool) {
	st, err := os.Stat(name)
	if err != nil || time.Since(st.ModTime()) < staleAfter {
		return nil, false
	}
	return func() {}, true
}
