//go:build unix

package ledger

import (
	"os"
	"syscall"
)

var errWouldBlock = syscall.EWOULDBLOCK

// lock takes an exclusive flock without waiting. The kernel releases it when the file is closed
// or the process ends, however it ends.
func lock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			return err
		}
	}
}
