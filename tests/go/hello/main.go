// The smallest Go program: the runtime starts its threads (sysmon, GC workers), installs its
// signal handlers, and prints one line through the os package.
package main

import "fmt"

func main() {
	fmt.Println("hello from Go on riscv64")
}
