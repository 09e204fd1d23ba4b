package main

import (
	"bufio"
	"bytes"
	"os"
	"sort"
	"strings"
)

// checkFiles: create, write, read back, append, rename, list, stat and remove files in the
// current directory (the test runs each program in a fresh temporary directory).
func checkFiles() {
	var buf bytes.Buffer
	for i := 0; i < 1000; i++ {
		buf.WriteString("line ")
		buf.WriteString(itoa(i))
		buf.WriteByte('\n')
	}
	if err := os.WriteFile("data.txt", buf.Bytes(), 0o644); err != nil {
		check("write file", false, err.Error())
		return
	}
	f, err := os.OpenFile("data.txt", os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString("appended\n")
		f.Close()
	}
	check("append", err == nil, "ok")
	back, err := os.ReadFile("data.txt")
	check("read back", err == nil && bytes.Equal(back, append(buf.Bytes(), "appended\n"...)), itoa(len(back))+" bytes")

	if err := os.Rename("data.txt", "renamed.txt"); err != nil {
		check("rename", false, err.Error())
		return
	}
	_, errOld := os.Stat("data.txt")
	st, errNew := os.Stat("renamed.txt")
	check("rename", os.IsNotExist(errOld) && errNew == nil && st.Size() == int64(len(back)), "old name gone, size "+itoa(int(st.Size())))

	rf, _ := os.Open("renamed.txt")
	sc := bufio.NewScanner(rf)
	lines, last := 0, ""
	for sc.Scan() {
		lines++
		last = sc.Text()
	}
	rf.Close()
	check("bufio.Scanner", lines == 1001 && last == "appended", itoa(lines)+" lines, last "+last)

	os.Mkdir("sub", 0o755)
	os.WriteFile("sub/b.txt", []byte("b"), 0o600)
	os.WriteFile("sub/a.txt", []byte("a"), 0o600)
	entries, _ := os.ReadDir("sub")
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	check("ReadDir", strings.Join(names, ",") == "a.txt,b.txt", strings.Join(names, ","))
	err = os.RemoveAll("sub")
	err2 := os.Remove("renamed.txt")
	_, errSub := os.Stat("sub")
	_, errFile := os.Stat("renamed.txt")
	check("remove", err == nil && err2 == nil && os.IsNotExist(errSub) && os.IsNotExist(errFile), "file and directory gone")
}
