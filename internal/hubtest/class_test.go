package hubtest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestHubClass is a class at once: DESCENT_HUB_CLASS learners (e.g. 8) made by learners.sh log in
// through the form and start their servers concurrently, then each runs lesson 01 in their own Go
// kernel, concurrently, and must print the document's two values exactly. It logs the wall times
// and the peak memory of the learners' and the hub's processes (docs/benchmarks-notebooks.md).
// make hub-test (and so make test) runs it with 8 learners; by hand:
//
//	sudo DESCENT_HUB_TEST=1 DESCENT_HUB_CLASS=8 go test -count=1 -v -run TestHubClass ./internal/hubtest/
func TestHubClass(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("DESCENT_HUB_CLASS"))
	if os.Getenv("DESCENT_HUB_TEST") != "1" || n < 1 {
		t.Skip("a class of DESCENT_HUB_CLASS learners at once: runs with DESCENT_HUB_TEST=1 DESCENT_HUB_CLASS=8, as root")
	}
	if os.Geteuid() != 0 {
		t.Fatal("the hub test needs root: it makes accounts, and the hub runs servers as them")
	}
	tag := randomHex(3)
	group := prefix + tag
	var class []*learner
	var names []string
	var list strings.Builder
	for i := range n {
		l := &learner{name: fmt.Sprintf("%s%s-%d", prefix, tag, i+1), password: "pw-" + randomHex(8)}
		class = append(class, l)
		names = append(names, l.name)
		fmt.Fprintf(&list, "%s %s\n", l.name, l.password)
	}
	state := t.TempDir()
	env := append(os.Environ(), "DESCENT_HUB_GROUP="+group, "DESCENT_HUB_STATE="+state)
	t.Cleanup(func() { removeAccounts(t, env, group, names, prefix+tag+"-none") })

	file := filepath.Join(t.TempDir(), "class.txt")
	must(t, os.WriteFile(file, []byte(list.String()), 0o600))
	start := time.Now()
	run(t, env, "bash", filepath.Join(root, "scripts/hub/learners.sh"), "add", file)
	t.Logf("%d learners made, lessons seeded and caches warmed in %.1fs", n, time.Since(start).Seconds())
	uids := map[int]bool{}
	for _, l := range class {
		l.uid = uidOf(t, l.name)
		uids[l.uid] = true
	}

	h := startHub(t, env, freePort(t))
	peak := watchMemory(t, state, uids)

	start = time.Now()
	var wg sync.WaitGroup
	for _, l := range class {
		wg.Add(1)
		go func() { defer wg.Done(); l.err = h.loginAndStart(l) }()
	}
	wg.Wait()
	for _, l := range class {
		if l.err != nil {
			t.Fatalf("%s: %v\nhub log:\n%s", l.name, l.err, h.logTail())
		}
	}
	t.Logf("%d learners logged in and their servers started, concurrently, in %.1fs", n, time.Since(start).Seconds())

	start = time.Now()
	outs := make([]string, n)
	times := make([]time.Duration, n)
	for i, l := range class {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nb := h.contents(t, l, lesson01)
			s := time.Now()
			outs[i], _ = h.runNotebook(t, l, lesson01, nb)
			times[i] = time.Since(s)
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	for i, l := range class {
		for _, want := range []string{"Optimal Theta:  2.9999999993888893", "Optimal Theta:  0.9375530481338501"} {
			if !hasLine(outs[i], want) {
				t.Errorf("lesson 01 in %s's kernel does not print %q; stdout:\n%s", l.name, want, outs[i])
			}
		}
	}
	var ts []string
	for _, d := range times {
		ts = append(ts, fmt.Sprintf("%.1f", d.Seconds()))
	}
	rss, avail, top := peak()
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("%d learners ran lesson 01 concurrently in %.1fs wall (each: %s s); peak RSS of the hub, proxy and learners' processes %.0f MB (%s); peak drop of MemAvailable %.0f MB; load %s",
		n, wall.Seconds(), strings.Join(ts, ", "), rss/1e6, top, avail/1e6, strings.TrimSpace(string(load)))

	h.stop(t)
	checkNothingLeft(t, state, class...)
}

// watchMemory samples, every 200 ms until the returned function is called, the summed resident
// memory of the hub's and the learners' processes (and, at the peak, its split by program), and
// the drop of the machine's MemAvailable.
func watchMemory(t *testing.T, state string, uids map[int]bool) func() (rss, availDrop float64, split string) {
	stop := make(chan struct{})
	done := make(chan struct{})
	base := memAvailable()
	var peakRSS, peakDrop float64
	var peakSplit map[string]float64
	go func() {
		defer close(done)
		for {
			var sum float64
			split := map[string]float64{}
			for _, p := range processesOf(t, func(p proc) bool { return uids[p.uid] || p.env["DESCENT_HUB_STATE"] == state }) {
				r := rssOf(p.pid)
				sum += r
				prog := filepath.Base(strings.Fields(p.cmdline + " ?")[0])
				if strings.HasPrefix(prog, "gonb_") {
					prog = "cell programs"
				}
				split[prog] += r
			}
			if sum > peakRSS {
				peakRSS, peakSplit = sum, split
			}
			peakDrop = max(peakDrop, base-memAvailable())
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return func() (float64, float64, string) {
		close(stop)
		<-done
		var parts []string
		for prog, r := range peakSplit {
			if r >= 50e6 {
				parts = append(parts, fmt.Sprintf("%s %.0f MB", prog, r/1e6))
			}
		}
		sort.Strings(parts)
		return peakRSS, peakDrop, strings.Join(parts, ", ")
	}
}

func rssOf(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	return 0
}

func memAvailable() float64 {
	b, _ := os.ReadFile("/proc/meminfo")
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemAvailable:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024
		}
	}
	return 0
}
