package main

import (
	"sync"
	"sync/atomic"
)

// checkSync: WaitGroup, Mutex, RWMutex, Once, Cond and atomics from 100 goroutines.
func checkSync() {
	var mu sync.Mutex
	var rw sync.RWMutex
	var once sync.Once
	var wg sync.WaitGroup
	var counter, onceCalls int
	var atomicCounter int64
	var a64 atomic.Int64
	shared := map[int]int{}
	for g := 0; g < 100; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			once.Do(func() { onceCalls++ })
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
				atomic.AddInt64(&atomicCounter, 2)
				a64.Add(3)
			}
			rw.Lock()
			shared[g] = g
			rw.Unlock()
			rw.RLock()
			_ = shared[g]
			rw.RUnlock()
		}(g)
	}
	wg.Wait()
	check("Mutex counter", counter == 100000, itoa(counter))
	check("atomic counters", atomicCounter == 200000 && a64.Load() == 300000, itoa(int(atomicCounter))+" "+itoa(int(a64.Load())))
	check("Once", onceCalls == 1, itoa(onceCalls))
	check("RWMutex map", len(shared) == 100, itoa(len(shared)))

	var cmu sync.Mutex
	cond := sync.NewCond(&cmu)
	ready := 0
	var woke int32
	var cw sync.WaitGroup
	for i := 0; i < 5; i++ {
		cw.Add(1)
		go func() {
			defer cw.Done()
			cmu.Lock()
			ready++
			for ready < 100 {
				cond.Wait()
			}
			cmu.Unlock()
			atomic.AddInt32(&woke, 1)
		}()
	}
	for {
		cmu.Lock()
		if ready == 5 {
			ready = 100
			cond.Broadcast()
			cmu.Unlock()
			break
		}
		cmu.Unlock()
	}
	cw.Wait()
	check("Cond broadcast", woke == 5, itoa(int(woke)))
}
