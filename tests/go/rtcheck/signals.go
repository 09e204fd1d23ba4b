package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// checkSignals: signal.Notify delivers SIGUSR1 and SIGUSR2 sent to ourselves; after
// signal.Ignore a SIGUSR2 is dropped (and does not kill us); SIGWINCH with Notify on a
// buffered channel also arrives.
func checkSignals() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH)
	for _, sig := range []syscall.Signal{syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH} {
		if err := syscall.Kill(os.Getpid(), sig); err != nil {
			check("kill "+sig.String(), false, err.Error())
			continue
		}
		select {
		case got := <-c:
			check("signal.Notify "+sig.String(), got == sig, "received "+got.String())
		case <-time.After(20 * time.Second):
			check("signal.Notify "+sig.String(), false, "nothing received")
		}
	}
	signal.Reset(syscall.SIGUSR2)
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	select {
	case got := <-c:
		check("signal.Ignore", false, "received "+got.String())
	case <-time.After(100 * time.Millisecond):
		check("signal.Ignore", true, "SIGUSR2 dropped")
	}
	signal.Stop(c)
}
