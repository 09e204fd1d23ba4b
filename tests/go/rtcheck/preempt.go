package main

import (
	"runtime"
	"sync/atomic"
	"time"
)

var spinStop int32

// spin loops without any function call or allocation, so the compiler puts no preemption
// point in it: only asynchronous preemption (sysmon sending SIGURG to the thread, whose
// handler redirects the goroutine) can take the processor away from it.
//
//go:noinline
func spin() int {
	n := 0
	for atomic.LoadInt32(&spinStop) == 0 {
		n++
	}
	return n
}

// checkPreemption: with a single P, the main goroutine sleeps while spin runs; it can only
// wake up again if the runtime preempts spin with SIGURG.
func checkPreemption() {
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	done := make(chan int)
	go func() { done <- spin() }()
	time.Sleep(20 * time.Millisecond) // spin takes the P; we need it back
	atomic.StoreInt32(&spinStop, 1)
	n := <-done
	check("tight loop preempted (SIGURG)", n > 0, "main goroutine ran again")
}
