//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package optim

import (
	"os"
	"syscall"
)

// lockTemp takes an exclusive lock (flock) on the temporary file name while
// a save writes it, and returns the function that releases it. The lock
// goes with the process: a save that is killed leaves its file unlocked,
// which is how the next save knows that it is stale. If the lock cannot be
// taken, the save goes on unlocked.
func lockTemp(name string) (unlock func()) {
	f, err := os.Open(name)
	if err != nil {
		return func() {}
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() } // closing releases the lock
}

// tryLockTemp takes the lock of lockTemp on name if no save holds it, and
// reports whether it did; unlock releases it.
func tryLockTemp(name string) (unlock func(), ok bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}
