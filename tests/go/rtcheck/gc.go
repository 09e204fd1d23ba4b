package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type node struct {
	next  *node
	value int
	pad   [6]int
}

// build makes a linked list of n nodes holding 0..n-1 and some garbage on the side.
func build(n int) *node {
	var head *node
	for i := n - 1; i >= 0; i-- {
		head = &node{next: head, value: i}
		_ = make([]byte, 64+i%256) // garbage
	}
	return head
}

func sumList(h *node) int {
	s := 0
	for ; h != nil; h = h.next {
		s += h.value
	}
	return s
}

// checkGC: allocation pressure from several goroutines with forced collections in between; the
// live data must survive intact, collections must happen, and finalizers must run.
func checkGC() {
	debug.SetGCPercent(50)
	defer debug.SetGCPercent(100)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	const lists, length = 4, 50000
	heads := make([]*node, lists)
	var wg sync.WaitGroup
	for i := range heads {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			heads[i] = build(length)
			for round := 0; round < 20; round++ {
				m := map[int]string{}
				for k := 0; k < 2000; k++ {
					m[k] = strings.Repeat("x", k%50)
				}
				if len(m) != 2000 {
					panic("map lost entries")
				}
			}
		}(i)
	}
	wg.Wait()
	runtime.GC()
	runtime.GC()
	ok := true
	for _, h := range heads {
		if sumList(h) != length*(length-1)/2 {
			ok = false
		}
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	check("live lists intact after collections", ok, "4 lists of 50000")
	check("collections happened", after.NumGC-before.NumGC >= 2, "at least 2")

	var finalized int32
	for i := 0; i < 100; i++ {
		obj := &node{value: i}
		runtime.SetFinalizer(obj, func(*node) { atomic.AddInt32(&finalized, 1) })
	}
	deadline := time.Now().Add(20 * time.Second)
	for atomic.LoadInt32(&finalized) == 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	check("finalizers ran", atomic.LoadInt32(&finalized) > 0, "yes")
	runtime.KeepAlive(heads)
}
