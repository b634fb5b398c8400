// Command start measures how long a server binary takes from exec to its first answer:
// it starts the binary n times, asks the given address every millisecond until it
// answers 200, and prints the fastest, the median and the slowest time. The server is
// killed after each run. Other arguments after -- are passed to the binary.
//
//	go run ./bench/load/start -n 20 -url http://127.0.0.1:3113/healthz -- /tmp/onshuis
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"time"
)

func main() {
	n := flag.Int("n", 20, "number of starts")
	url := flag.String("url", "", "address that answers 200 once the server is ready")
	label := flag.String("label", "", "name printed before the figures")
	flag.Parse()
	if *url == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: start -url URL [-n N] [-label L] -- BINARY [ARGS]")
		os.Exit(2)
	}
	client := &http.Client{Timeout: 100 * time.Millisecond}
	var took []time.Duration
	for range *n {
		d, err := once(client, *url, flag.Args())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		took = append(took, d)
	}
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Printf("%-28s exec → first 200: min %6.1f ms   median %6.1f ms   max %6.1f ms   (%d starts)\n",
		*label, ms(took[0]), ms(took[len(took)/2]), ms(took[len(took)-1]), len(took))
}

// once starts the binary and returns the time until url first answers 200.
func once(client *http.Client, url string, args []string) (time.Duration, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = os.Environ()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s: %w", args[0], err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	for time.Since(start) < 10*time.Second {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("%s did not answer 200 at %s within 10 s", args[0], url)
}
