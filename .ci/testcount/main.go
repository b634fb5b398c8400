// Command testcount reads the JSON stream of `go test -json` on standard input and
// writes what a person wants to read: one line per package, the output of every test
// that failed (and of a package that failed outside a test: a panic, a build error),
// and at the end how many tests ran, passed, failed and were skipped. It exits 1 when
// anything failed, so a panic that ends a test binary cannot hide tests.
//
//	go test -json ./... | go run ./.ci/testcount
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of cmd/test2json's output.
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	Elapsed    float64
	ImportPath string // build-output and build-fail events name the package here
}

type counts struct{ pass, fail, skip int }

func (c *counts) add(action string) {
	switch action {
	case "pass":
		c.pass++
	case "fail":
		c.fail++
	case "skip":
		c.skip++
	}
}

func (c counts) String() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", c.pass, c.fail, c.skip)
}

func main() { os.Exit(run(os.Stdin, os.Stdout)) }

func run(in io.Reader, out io.Writer) int {
	var (
		tests, subtests counts
		perPackage      = map[string]*counts{}
		// output holds the lines of each top-level test (its subtests included) and,
		// under the empty test name, of the package, until we know whether to show them.
		output = map[[2]string][]string{}
		build  = map[string][]string{}
		failed []string
	)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Fprintln(out, sc.Text()) // the go command's own messages
			continue
		}
		top, _, isSub := strings.Cut(e.Test, "/")
		k := [2]string{e.Package, top}
		pkg := perPackage[e.Package]
		if pkg == nil {
			pkg = &counts{}
			perPackage[e.Package] = pkg
		}
		switch e.Action {
		case "build-output":
			build[e.ImportPath] = append(build[e.ImportPath], e.Output)
		case "build-fail":
			failed = append(failed, e.ImportPath+" (build)")
			fmt.Fprintf(out, "BUILD FAILED %s\n%s", e.ImportPath, strings.Join(build[e.ImportPath], ""))
		case "output":
			output[k] = append(output[k], e.Output)
		case "pass", "fail", "skip":
			switch {
			case e.Test == "": // the package is done
				status := map[string]string{"pass": "ok  ", "fail": "FAIL", "skip": "--  "}[e.Action]
				if e.Action == "fail" {
					failed = append(failed, e.Package)
					if pkg.fail == 0 {
						// The binary failed without a failing test (a panic, a timeout,
						// a failing TestMain): the output of the tests that never
						// finished and of the package says why.
						for ok, lines := range output {
							if ok[0] == e.Package {
								fmt.Fprint(out, strings.Join(lines, ""))
								delete(output, ok)
							}
						}
					}
				}
				fmt.Fprintf(out, "%s %-36s %6.1fs  %d tests: %s\n", status, e.Package, e.Elapsed, pkg.pass+pkg.fail+pkg.skip, pkg)
			case isSub:
				subtests.add(e.Action)
				continue
			default:
				tests.add(e.Action)
				pkg.add(e.Action)
				if e.Action == "fail" {
					fmt.Fprintf(out, "--- FAIL %s %s\n%s", e.Package, e.Test, strings.Join(output[k], ""))
				}
			}
			delete(output, k)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(out, "testcount: reading the test output:", err)
		return 1
	}
	fmt.Fprintf(out, "\n%d tests: %s; %d subtests: %s\n", tests.pass+tests.fail+tests.skip, tests,
		subtests.pass+subtests.fail+subtests.skip, subtests)
	if len(failed) > 0 {
		fmt.Fprintf(out, "FAILED: %s\n", strings.Join(failed, ", "))
		return 1
	}
	return 0
}
