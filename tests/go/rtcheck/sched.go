package main

import (
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// checkArgsEnv: the command line and the environment arrive intact.
func checkArgsEnv() {
	check("os.Args", len(os.Args) == 3 && os.Args[1] == "alpha" && os.Args[2] == "beta gamma",
		strings.Join(os.Args[1:], "|"))
	v := os.Getenv("RVJIT_GO_TEST")
	found := false
	for _, kv := range os.Environ() {
		if kv == "RVJIT_GO_TEST="+v {
			found = true
		}
	}
	check("environment", v == "hello-env" && found, "RVJIT_GO_TEST="+v)
}

// isPrime by trial division: plain CPU work with no allocation and no calls into the runtime.
func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// checkParallel: with GOMAXPROCS=4, goroutines locked to their OS threads and all alive at once
// must be on distinct threads; CPU-heavy goroutines in parallel compute exact results.
func checkParallel() {
	old := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(old)

	const locked = 4
	tids := make([]int, locked)
	var arrived sync.WaitGroup
	release := make(chan struct{})
	var done sync.WaitGroup
	arrived.Add(locked)
	done.Add(locked)
	for i := 0; i < locked; i++ {
		go func(i int) {
			defer done.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			tids[i] = syscall.Gettid()
			arrived.Done()
			<-release // all four hold their threads at the same time
		}(i)
	}
	arrived.Wait()
	close(release)
	done.Wait()
	distinct := map[int]bool{}
	for _, t := range tids {
		distinct[t] = true
	}
	check("distinct OS threads for 4 locked goroutines", len(distinct) == locked, itoa(len(distinct)))

	const workers, span = 8, 20000
	counts := make([]int, workers)
	var wg sync.WaitGroup
	var busy, maxBusy int32
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			n := atomic.AddInt32(&busy, 1)
			for {
				m := atomic.LoadInt32(&maxBusy)
				if n <= m || atomic.CompareAndSwapInt32(&maxBusy, m, n) {
					break
				}
			}
			for x := w * span; x < (w+1)*span; x++ {
				if isPrime(x) {
					counts[w]++
				}
			}
			atomic.AddInt32(&busy, -1)
		}(w)
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	check("primes below 160000 counted by 8 goroutines", total == 14683, itoa(total))
	sorted := append([]int(nil), counts...)
	sort.Ints(sorted)
	check("per-goroutine counts", sorted[0] > 0, "smallest "+itoa(sorted[0])+", largest "+itoa(sorted[workers-1]))
}
