package systemtest

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// SIGTERM while visitors load pages: requests in flight are answered in full, the
// process stops cleanly (exit code 0) and says so in its log.
func TestSigtermDrainsRequests(t *testing.T) {
	p := start(t, "sqlite:"+filepath.Join(t.TempDir(), "app.db"), "LOG_LEVEL=info")
	setUp(t, p)
	var complete, cut atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(p.base + "/")
				if err != nil {
					continue // refused once the listener is closed: fine
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case err != nil || (resp.StatusCode == 200 && !strings.Contains(string(body), "</html>")):
					cut.Add(1)
				case resp.StatusCode == 200:
					complete.Add(1)
				}
			}
		}()
	}
	time.Sleep(700 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the process did not stop within 10 s of SIGTERM although its visitors were served")
	}
	close(stop)
	wg.Wait()
	log, _ := os.ReadFile(p.log)
	if !strings.Contains(string(log), "shutting down") || !strings.Contains(string(log), "stopped") {
		t.Errorf("log does not tell the shutdown:\n%s", log)
	}
	if complete.Load() == 0 || cut.Load() != 0 {
		t.Errorf("pages answered in full: %d, cut off: %d", complete.Load(), cut.Load())
	}
}
