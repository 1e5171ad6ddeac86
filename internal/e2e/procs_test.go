package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// proc is one process, named by its id and start time so that a reused id is not mistaken for it.
type proc struct {
	pid   int
	ppid  int
	start uint64 // clock ticks after boot
	cmd   string
}

func (p proc) String() string { return fmt.Sprintf("pid %d: %s", p.pid, p.cmd) }

// alive reports whether the process still runs (a zombie does not).
func (p proc) alive() bool {
	q, err := readProc(p.pid)
	return err == nil && q.start == p.start
}

// kernelProcesses returns the processes of the given Jupyter kernels and all their descendants
// (for GoNB: the kernel, gopls, go builds and the cells' programs). Jupyter starts each kernel in a
// session of its own, outside the server's process group, with its connection file
// kernel-<id>.json on the command line.
func kernelProcesses(ids []string) ([]proc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	all, err := processes()
	if err != nil {
		return nil, err
	}
	children := map[int][]proc{}
	var queue []proc
	for _, p := range all {
		children[p.ppid] = append(children[p.ppid], p)
		for _, id := range ids {
			if strings.Contains(p.cmd, "kernel-"+id+".json") {
				queue = append(queue, p)
			}
		}
	}
	if len(queue) < len(ids) {
		return nil, fmt.Errorf("found processes for %d of the %d kernels %v", len(queue), len(ids), ids)
	}
	var tree []proc
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		tree = append(tree, p)
		queue = append(queue, children[p.pid]...)
	}
	return tree, nil
}

// processes lists the running processes from /proc.
func processes() ([]proc, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("listing processes needs /proc (Linux): %w", err)
	}
	var ps []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, err := readProc(pid); err == nil {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// readProc reads one process's parent, start time and command line. A zombie is an error.
func readProc(pid int) (proc, error) {
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return proc{}, err
	}
	// pid (comm) state ppid ... ; comm may hold spaces and parentheses, so cut at the last ')'.
	i := strings.LastIndexByte(string(stat), ')')
	if i < 0 {
		return proc{}, fmt.Errorf("%s/stat: unexpected format", dir)
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 20 {
		return proc{}, fmt.Errorf("%s/stat: %d fields after the name, want at least 20", dir, len(f))
	}
	if f[0] == "Z" {
		return proc{}, fmt.Errorf("process %d is a zombie", pid)
	}
	ppid, err := strconv.Atoi(f[1])
	if err != nil {
		return proc{}, fmt.Errorf("%s/stat: parent id: %w", dir, err)
	}
	start, err := strconv.ParseUint(f[19], 10, 64)
	if err != nil {
		return proc{}, fmt.Errorf("%s/stat: start time: %w", dir, err)
	}
	cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
	cmd := strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))
	return proc{pid: pid, ppid: ppid, start: start, cmd: cmd}, nil
}

// ancestor returns the nearest parent (or grandparent, ...) of process pid whose command line
// starts with prefix.
func ancestor(pid int, prefix string) (proc, error) {
	for p := pid; p > 1; {
		q, err := readProc(p)
		if err != nil {
			return proc{}, fmt.Errorf("process %d: %w", p, err)
		}
		if p != pid && strings.HasPrefix(q.cmd, prefix) {
			return q, nil
		}
		p = q.ppid
	}
	return proc{}, fmt.Errorf("no process above %d runs %q", pid, prefix)
}
