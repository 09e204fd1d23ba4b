// rtcheck exercises the Go runtime and standard library on the emulator: goroutines running in
// parallel on several OS threads, garbage collection under allocation pressure, timers,
// channels and select, the network poller on pipes, asynchronous preemption by SIGURG,
// os/signal, panics turned from hardware faults, file I/O, and formatting/sorting/maps.
// Every check prints a deterministic line; timings are only compared against generous bounds
// so the output matches qemu-riscv64's. Each check runs in order; a failing one prints FAIL and
// the program exits with status 1 at the end (a hang is caught by the test's timeout).
package main

import (
	"fmt"
	"os"
	"strings"
)

var failures int

// check prints "name: detail" and records a failure when ok is false.
func check(name string, ok bool, detail string) {
	if ok {
		fmt.Printf("%s: %s\n", name, detail)
	} else {
		failures++
		fmt.Printf("%s: FAIL (%s)\n", name, detail)
	}
}

func main() {
	steps := []struct {
		name string
		fn   func()
	}{
		{"args", checkArgsEnv},
		{"parallel", checkParallel},
		{"gc", checkGC},
		{"timers", checkTimers},
		{"channels", checkChannels},
		{"sync", checkSync},
		{"preemption", checkPreemption},
		{"signals", checkSignals},
		{"panics", checkPanics},
		{"files", checkFiles},
		{"netpoll", checkNetpoll},
		{"formatting", checkFormatting},
	}
	// RTCHECK_STEPS=gc,timers runs only the named steps (for narrowing down a failure by hand).
	only := os.Getenv("RTCHECK_STEPS")
	for _, s := range steps {
		if only == "" || strings.Contains(","+only+",", ","+s.name+",") {
			s.fn()
		}
	}
	if failures > 0 {
		fmt.Printf("%d check(s) failed\n", failures)
		os.Exit(1)
	}
	fmt.Println("all checks passed")
}
