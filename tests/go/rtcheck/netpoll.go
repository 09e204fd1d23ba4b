package main

import (
	"errors"
	"io"
	"os"
	"time"
)

// checkNetpoll: os.Pipe descriptors are non-blocking and go through the runtime's network
// poller (epoll). A read with a deadline must fail with os.ErrDeadlineExceeded (not early),
// a goroutine blocked reading must wake when another goroutine writes, and closing the write
// end must give io.EOF.
func checkNetpoll() {
	r, w, err := os.Pipe()
	if err != nil {
		check("os.Pipe", false, err.Error())
		return
	}
	buf := make([]byte, 16)
	t0 := time.Now()
	r.SetReadDeadline(t0.Add(100 * time.Millisecond))
	_, err = r.Read(buf)
	el := time.Since(t0)
	check("read deadline", errors.Is(err, os.ErrDeadlineExceeded) && el >= 100*time.Millisecond && el < 10*time.Second,
		"ErrDeadlineExceeded, not early")
	r.SetReadDeadline(time.Time{})

	got := make(chan string)
	go func() {
		n, err := r.Read(buf)
		if err != nil {
			got <- "error " + err.Error()
			return
		}
		got <- string(buf[:n])
	}()
	time.Sleep(50 * time.Millisecond)
	w.Write([]byte("through the pipe"))
	select {
	case s := <-got:
		check("blocked reader woken by a write", s == "through the pipe", s)
	case <-time.After(20 * time.Second):
		check("blocked reader woken by a write", false, "no data")
	}

	go func() {
		time.Sleep(30 * time.Millisecond)
		w.Close()
	}()
	rest, err := io.ReadAll(r)
	check("EOF after close", err == nil && len(rest) == 0, "io.EOF")
	r.Close()
}
