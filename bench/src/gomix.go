// gomix: a Go program (built with Debian's golang-go for GOARCH=riscv64).
//
// The kind of work Go programs spend their time on, in one binary: allocating and walking
// many small binary trees (the garbage collector runs concurrently on its own threads),
// counting words in a map, sorting structs with sort.Slice, formatting with strconv and
// strings.Builder, and a pipeline of goroutines that hash chunks of data and pass results
// over channels. It exercises the Go runtime's threads, futexes, signals (preemption) and
// its own calling convention, which C programs do not.
//
// Usage: gomix [scale]   (default 50)
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
)

type tree struct{ left, right *tree }

func build(depth int) *tree {
	if depth == 0 {
		return &tree{}
	}
	return &tree{build(depth - 1), build(depth - 1)}
}

func (t *tree) count() int {
	if t.left == nil {
		return 1
	}
	return 1 + t.left.count() + t.right.count()
}

// trees allocates trees of 2^15-1 nodes, scale times over, while one long-lived tree stays.
func trees(scale int) int {
	keep := build(14)
	total := 0
	for i := 0; i < scale; i++ {
		total += build(14).count()
	}
	return total + keep.count()
}

// words counts pseudo-random words built from syllables and returns the most common ones.
func words(scale int) string {
	syllables := []string{"ra", "ko", "mi", "te", "su", "na", "lo", "vi", "pe", "du"}
	counts := map[string]int{}
	seed := uint32(1)
	var b strings.Builder
	for i := 0; i < scale*7500; i++ {
		b.Reset()
		seed = seed*1664525 + 1013904223
		for n := int(seed>>28)%3 + 1; n > 0; n-- {
			seed = seed*1664525 + 1013904223
			b.WriteString(syllables[seed>>24%10])
		}
		counts[b.String()]++
	}
	type entry struct {
		word  string
		count int
	}
	list := make([]entry, 0, len(counts))
	for w, c := range counts {
		list = append(list, entry{w, c})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].count != list[j].count {
			return list[i].count > list[j].count
		}
		return list[i].word < list[j].word
	})
	var out strings.Builder
	out.WriteString(strconv.Itoa(len(list)))
	for i, e := range list {
		if i == 5 {
			break
		}
		out.WriteString(" " + e.word + "=" + strconv.Itoa(e.count))
	}
	return out.String()
}

// pipeline: a producer sends chunks to four hashing workers; a collector combines the
// results with an order-independent sum, so scheduling does not change the output.
func pipeline(scale int) uint64 {
	chunks := make(chan []byte, 8)
	results := make(chan uint64, 8)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				h := uint64(14695981039346656037)
				for _, x := range c {
					h = (h ^ uint64(x)) * 1099511628211
				}
				results <- h
			}
		}()
	}
	go func() {
		for i := 0; i < scale*50; i++ {
			c := make([]byte, 4096)
			for j := range c {
				c[j] = byte(i*31 + j*7)
			}
			chunks <- c
		}
		close(chunks)
	}()
	go func() { wg.Wait(); close(results) }()
	var sum uint64
	for h := range results {
		sum += h
	}
	return sum
}

func main() {
	scale := 50
	if len(os.Args) > 1 {
		if n, err := strconv.Atoi(os.Args[1]); err == nil {
			scale = n
		}
	}
	fmt.Printf("gomix: scale=%d\n", scale)
	fmt.Printf("trees %d\n", trees(scale))
	fmt.Printf("words %s\n", words(scale))
	fmt.Printf("pipeline %016x\n", pipeline(scale))
}
