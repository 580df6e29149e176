package mock

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/mxcontract/mxcontract/mxmock/wire"
)

// LoadSeed reads feed accounts from a JSON file {"accounts":[{"client","member","account_id"}]}:
// a regular file of at most MaxFileBytes.
func LoadSeed(path string) ([]Account, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	accts, err := decodeAccounts(data)
	if err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return accts, nil
}

// LoadFaults reads a faults file, {"faults":[...]} with each fault shaped as POST
// /_mxmock/faults takes it, and checks every fault. Like a seed, it must be a regular file of at
// most MaxFileBytes.
func LoadFaults(path string) ([]Fault, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("faults: %w", err)
	}
	var file wire.FaultList
	if err := strictDecode(data, &file); err != nil {
		return nil, fmt.Errorf("faults %s: %w", path, err)
	}
	if len(file.Faults) == 0 {
		return nil, fmt.Errorf(`faults %s: no faults in it: want {"faults":[{"kind":"delay","delay_ms":200}]}`, path)
	}
	for i := range file.Faults {
		if file.Faults[i], err = checkFault(file.Faults[i]); err != nil {
			return nil, fmt.Errorf("faults %s: faults[%d]: %w", path, i, err)
		}
	}
	return file.Faults, nil
}

// readFile reads a start-up file. Only a regular file is read, so a device (/dev/zero) cannot
// grow the mock without bound and a FIFO cannot hold its start: the file is opened without
// blocking (a FIFO with no writer would block an ordinary open) and checked once open. At most
// MaxFileBytes are read.
func readFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, fi.Mode().Type())
	case fi.Size() > MaxFileBytes:
		return nil, fmt.Errorf("%s is %d bytes, more than the %d a start-up file may have", path, fi.Size(), MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%s grew past the %d bytes a start-up file may have", path, MaxFileBytes)
	}
	return data, nil
}

// decodeAccounts is strict (unknown fields are errors): a typo in a seed should not pass quietly.
func decodeAccounts(data []byte) ([]Account, error) {
	var f wire.AccountsBody
	if err := strictDecode(data, &f); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	if f.Accounts == nil {
		return nil, errors.New("missing required field: accounts")
	}
	for i, a := range f.Accounts {
		if err := checkAccount(a); err != nil {
			return nil, fmt.Errorf("accounts[%d]: %w", i, err)
		}
	}
	return f.Accounts, nil
}

func checkAccount(a Account) error {
	switch {
	case a.Member == "":
		return errors.New("member must be a non-empty string")
	case a.AccountID == "":
		return errors.New("account_id must be a non-empty string")
	}
	for _, f := range []struct{ name, v string }{{"client", a.Client}, {"member", a.Member}, {"account_id", a.AccountID}} {
		if len(f.v) > MaxIDBytes {
			return fmt.Errorf("%s must be at most %d bytes, got %d", f.name, MaxIDBytes, len(f.v))
		}
	}
	return nil
}
