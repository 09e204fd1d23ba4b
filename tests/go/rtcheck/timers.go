package main

import (
	"context"
	"time"
)

// checkTimers: time.Sleep, time.After, a Ticker, timer Stop/Reset and a context deadline. Only
// lower bounds are strict (a timer must never fire early); upper bounds are generous.
func checkTimers() {
	t0 := time.Now()
	time.Sleep(50 * time.Millisecond)
	slept := time.Since(t0)
	check("time.Sleep(50ms)", slept >= 50*time.Millisecond && slept < 10*time.Second, "not early")

	t0 = time.Now()
	select {
	case <-time.After(30 * time.Millisecond):
		el := time.Since(t0)
		check("time.After(30ms)", el >= 30*time.Millisecond, "fired, not early")
	case <-time.After(20 * time.Second):
		check("time.After(30ms)", false, "did not fire")
	}

	// Each t0 is taken before its timer starts, so a preemption in between cannot make an on-time
	// timer look early.
	t0 = time.Now()
	ticker := time.NewTicker(10 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 10 {
			break
		}
	}
	ticker.Stop()
	el := time.Since(t0)
	check("Ticker(10ms)", el >= 90*time.Millisecond, "10 ticks, not early")

	// Stop returning true must keep the channel quiet. Stop may legitimately return false when the
	// timer fired first (a loaded machine can take longer than the timer between the two calls;
	// Go 1.19 timers then hold the value), so such a round proves nothing and is retried.
	stopChecked := false
	for attempt := 0; attempt < 5 && !stopChecked; attempt++ {
		stopped := time.NewTimer(50 * time.Millisecond)
		if !stopped.Stop() {
			<-stopped.C
			continue
		}
		stopChecked = true
		select {
		case <-stopped.C:
			check("Timer.Stop", false, "stopped timer fired")
		case <-time.After(100 * time.Millisecond):
			check("Timer.Stop", true, "stopped timer stays quiet")
		}
	}
	if !stopChecked {
		check("Timer.Stop", false, "timer fired before Stop in every attempt")
	}
	reset := time.NewTimer(time.Hour)
	t0 = time.Now()
	reset.Reset(20 * time.Millisecond)
	<-reset.C
	check("Timer.Reset", time.Since(t0) >= 20*time.Millisecond, "an hour shortened to 20ms")

	t0 = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	check("context.WithTimeout", ctx.Err() == context.DeadlineExceeded && time.Since(t0) >= 35*time.Millisecond, ctx.Err().Error())
}
