package main

import (
	"sync"
	"time"
)

// checkChannels: unbuffered ping-pong, a three-stage pipeline over buffered channels, fan-in
// with select, select with default, and select with a timeout.
func checkChannels() {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < 10000; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	_, open := <-pong
	check("unbuffered ping-pong", v == 10000 && !open, itoa(v))

	src := make(chan int, 16)
	sq := make(chan int, 16)
	out := make(chan int, 16)
	go func() {
		for i := 1; i <= 1000; i++ {
			src <- i
		}
		close(src)
	}()
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range src {
				sq <- x * x
			}
		}()
	}
	go func() { wg.Wait(); close(sq) }()
	go func() {
		for x := range sq {
			out <- x % 1000
		}
		close(out)
	}()
	sum := 0
	for x := range out {
		sum += x
	}
	check("pipeline", sum == pipelineWant(), itoa(sum))

	a, b := make(chan int), make(chan int)
	go func() {
		for i := 0; i < 500; i++ {
			a <- 1
		}
		close(a)
	}()
	go func() {
		for i := 0; i < 700; i++ {
			b <- 2
		}
		close(b)
	}()
	total := 0
	for a != nil || b != nil {
		select {
		case x, ok := <-a:
			if !ok {
				a = nil
			} else {
				total += x
			}
		case x, ok := <-b:
			if !ok {
				b = nil
			} else {
				total += x
			}
		}
	}
	check("select fan-in", total == 1900, itoa(total))

	empty := make(chan int)
	chose := "default"
	select {
	case <-empty:
		chose = "receive"
	default:
	}
	check("select default", chose == "default", chose)

	// The sender is held until the select is over, so the timeout is the only case that can be
	// ready however slowly this goroutine is scheduled.
	release := make(chan struct{})
	slow := make(chan int)
	go func() {
		<-release
		slow <- 1
	}()
	t0 := time.Now()
	select {
	case <-slow:
		check("select timeout", false, "slow channel won")
	case <-time.After(50 * time.Millisecond):
		check("select timeout", time.Since(t0) >= 50*time.Millisecond, "timed out first")
	}
	close(release)
	<-slow
}

func pipelineWant() int {
	s := 0
	for i := 1; i <= 1000; i++ {
		s += i * i % 1000
	}
	return s
}
