package main

import (
	"errors"
	"runtime"
	"strings"
)

type point struct{ x, y int }

// try runs f and returns the text of the panic it recovered ("" if none).
func try(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			switch e := r.(type) {
			case runtime.Error:
				msg = "runtime error: " + strings.TrimPrefix(e.Error(), "runtime error: ")
			case error:
				msg = "error: " + e.Error()
			case string:
				msg = "string: " + e
			default:
				msg = "other"
			}
		}
	}()
	f()
	return ""
}

var sinkPoint *point
var zero = 0

// checkPanics: panics recovered with recover(), including ones the runtime makes from hardware
// faults (a nil pointer dereference is a SIGSEGV that the runtime's signal handler turns into a
// panic on the faulting goroutine).
func checkPanics() {
	check("explicit panic", try(func() { panic("boom") }) == "string: boom", "recovered")
	check("panic with an error", try(func() { panic(errors.New("custom")) }) == "error: custom", "recovered")
	msg := try(func() {
		var m map[string]int
		m["x"] = 1
	})
	check("nil map write", msg == "runtime error: assignment to entry in nil map", msg)
	msg = try(func() {
		s := []int{1, 2, 3}
		i := 5
		_ = s[i]
	})
	check("index out of range", msg == "runtime error: index out of range [5] with length 3", msg)
	msg = try(func() { _ = 10 / zero })
	check("integer divide by zero", msg == "runtime error: integer divide by zero", msg)
	msg = try(func() { _ = sinkPoint.y })
	check("nil pointer dereference (SIGSEGV)", msg == "runtime error: invalid memory address or nil pointer dereference", msg)
	msg = try(func() {
		var i interface{} = "str"
		_ = i.(int)
	})
	check("failed type assertion", strings.HasPrefix(msg, "runtime error: interface conversion"), msg)
	depth := 0
	var rec func(n int)
	rec = func(n int) {
		depth = n
		if n == 2000 {
			panic("deep")
		}
		rec(n + 1)
	}
	msg = try(func() { rec(0) })
	check("panic through 2000 frames", msg == "string: deep" && depth == 2000, msg)
}
