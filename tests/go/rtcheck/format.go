package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

type pair struct {
	Name  string
	Score float64
}

// checkFormatting: strconv round trips, fmt verbs, sort and deterministic map handling.
func checkFormatting() {
	f := strconv.FormatFloat(math.Pi, 'g', -1, 64)
	back, _ := strconv.ParseFloat(f, 64)
	check("FormatFloat/ParseFloat", f == "3.141592653589793" && back == math.Pi, f)
	_, err := strconv.ParseInt("9223372036854775808", 10, 64)
	check("ParseInt overflow", err != nil && strings.Contains(err.Error(), "value out of range"), err.Error())
	n, _ := strconv.ParseUint("ff", 16, 8)
	check("ParseUint hex", n == 255, strconv.FormatUint(n, 2))
	check("Quote", strconv.Quote("tab\there \"q\" é") == `"tab\there \"q\" é"`, strconv.Quote("tab\there \"q\" é"))

	s := fmt.Sprintf("%5d|%-5s|%05.1f|%x|%X|%o|%b|%e|%q|%v|%+v|%T", 42, "ab", 3.14159, 255, 255, 8, 5, 1234.5678, "hi",
		pair{"x", 1.5}, pair{"y", 2}, pair{})
	check("fmt verbs", s == "   42|ab   |003.1|ff|FF|10|101|1.234568e+03|\"hi\"|{x 1.5}|{Name:y Score:2}|main.pair", s)
	// Variables, so that the arithmetic happens at run time in binary floating point.
	a, b3, one := 0.1, 0.2, float32(1)
	fs := fmt.Sprint(a+b3, one/3, math.Inf(-1), math.Copysign(0, -1))
	check("float formatting", fs == "0.30000000000000004 0.33333334 -Inf -0", fs)

	people := []pair{{"carol", 3.5}, {"alice", 9}, {"bob", 3.5}, {"dave", 1}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].Score > people[j].Score })
	names := []string{}
	for _, p := range people {
		names = append(names, p.Name)
	}
	check("sort.SliceStable", strings.Join(names, ",") == "alice,carol,bob,dave", strings.Join(names, ","))

	words := strings.Fields("the cat and the dog and the bird")
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%d ", k, counts[k])
	}
	check("map word count", b.String() == "and=2 bird=1 cat=1 dog=1 the=3 ", b.String())
}
