package main

import "fmt"
import "io"
import "os"
import "sync"
import "time"

// progress prints a one-line "parsed N/M files" counter on stderr, only
// when stderr is a terminal and the run is long (more than a second and
// more than minProgressFiles files), so that logs and pipes stay clean.
type progress struct {
	w       io.Writer
	enabled bool
	start   time.Time

	mu      sync.Mutex
	last    time.Time
	printed bool
}

const minProgressFiles = 20

func newProgress(w io.Writer) *progress {
	return &progress{w: w, enabled: isTerminal(w), start: time.Now()}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(done, total int, path string) {
	if !p.enabled || total <= minProgressFiles {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.printed = true
	fmt.Fprintf(p.w, "\r\033[Kgupvet: parsed %d/%d files", done, total)
}

// done clears the progress line, if one was printed.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.printed {
		fmt.Fprint(p.w, "\r\033[K")
		p.printed = false
	}
}
