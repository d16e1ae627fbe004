package analyzer

import "bytes"
import "encoding/gob"
import "errors"
import "fmt"
import "io"
import "os"
import "os/exec"
import "runtime/debug"
import "runtime/metrics"
import "strings"
import "sync"
import "time"

import "gupvet/cparse"

// The C frontend can loop forever or grow without bound on some inputs
// (cc/v4 loops at end of file after a stray '*'; found by fuzzing), and a
// goroutine cannot be stopped. So a run can parse in worker processes: the
// gupvet binary started with WorkerArg serves parse requests on its
// standard input and output, holds itself to a memory bound, and is killed
// and replaced when a file takes longer than the time limit.

// WorkerArg, as the only argument, makes the gupvet binary a parse worker.
const WorkerArg = "-gupvet-parse-worker"

// Isolation says how to start workers.
type Isolation struct {
	// Command starts a worker: the gupvet binary and WorkerArg.
	Command []string
	// MemoryLimit is the heap a worker may use, in bytes (0: 2 GiB); a
	// worker that passes it is stopped and its file reported.
	MemoryLimit int64
	// GCTarget is the heap size at which a worker's garbage collector
	// works harder (debug.SetMemoryLimit), in bytes; 0: 3/4 of
	// MemoryLimit. Run sets it from Config.MemoryBudget.
	GCTarget int64
	// Env is added to the worker's environment.
	Env []string
}

type workRequest struct {
	Src, Obj, CompDB string
	Overlay          map[string][]byte
	// Commands is the tree's in-memory compile commands, when they were
	// not read from a compile_commands.json (cparse.TreeForCommand).
	Commands    map[string]*cparse.CompileCommand
	Path        string
	Opt         cparse.Options
	MemoryLimit int64
	GCTarget    int64
	// SmallHeap is the heap a tolerant parse may grow to before the
	// collector runs (see newGCPolicy); 0: the large policy.
	SmallHeap int64
}

type workResponse struct {
	Unit *cparse.Unit
	Err  string
	Kind FailKind // of Err
}

// ServeWorker answers parse requests until its input ends; it returns the
// process exit code.
func ServeWorker(in io.Reader, out io.Writer) int {
	dec := gob.NewDecoder(in)
	enc := gob.NewEncoder(out)
	var mu sync.Mutex
	trees := map[string]*cparse.Tree{}
	for {
		var req workRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintf(os.Stderr, "gupvet worker: %v\n", err)
			return 2
		}
		limit := req.MemoryLimit
		if limit <= 0 {
			limit = 2 << 30
		}
		gc := newGCPolicy(&req, limit)
		stop := watchMemory(limit, gc, func(used uint64) {
			mu.Lock()
			enc.Encode(&workResponse{Kind: FailMemory, Err: fmt.Sprintf("out of memory: the parse used over %d MB (limit %d MB); not analysed", used>>20, limit>>20)})
			os.Exit(3)
		})
		resp := serveOne(trees, &req)
		stop()
		mu.Lock()
		err := enc.Encode(resp)
		mu.Unlock()
		if err != nil {
			return 2
		}
		if gc.large() {
			// give the parse's memory back to the system before the
			// next file: two workers holding their last peak was most
			// of a precise run's resident memory. A small heap is kept:
			// the next file reuses it, where memory given back must be
			// faulted in again (a third of a tolerant run's system time)
			debug.FreeOSMemory()
		}
	}
}

// gcPolicy is how a worker's garbage collector runs during one parse.
type gcPolicy struct {
	mu       sync.Mutex
	small    int64 // the heap collected at, while the parse stays small; 0: large from the start
	gcTarget int64 // the large policy's memory limit, or 0 for limit*3/4
	limit    int64
	isLarge  bool
}

// newGCPolicy starts a parse's collection policy. A tolerant parse holds
// little (under 20 MB live for every candidate of the 6.12 tree) and
// allocates 10-110 MB: it runs with the collector off until the heap
// reaches the request's SmallHeap, which costs a few collections per run
// instead of one every few MB (a tenth of a tolerant run's CPU). Other
// parses, and a tolerant one whose live heap passes half of SmallHeap (the
// collector would run back to back), use the large policy.
func newGCPolicy(req *workRequest, limit int64) *gcPolicy {
	g := &gcPolicy{gcTarget: req.GCTarget, limit: limit}
	if req.Opt.Mode == cparse.Tolerant && req.SmallHeap > 0 && req.SmallHeap < limit {
		g.small = req.SmallHeap
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(g.small)
		return g
	}
	g.setLarge()
	return g
}

// setLarge switches to the policy for parses that hold hundreds of MB.
func (g *gcPolicy) setLarge() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.isLarge = true
	if g.gcTarget > 0 && g.gcTarget < g.limit {
		// collect rarely while the heap is small, hard near the
		// target: a precise parse spent half its CPU in the
		// collector at the default GOGC=100 (mm/vmscan.c, kvm_main.c
		// 15% faster this way, same peak)
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(g.gcTarget)
	} else {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(g.limit * 3 / 4)
	}
}

// observe switches a small parse to the large policy when its live heap
// (as of the last collection) passes half the small heap.
func (g *gcPolicy) observe(live uint64) {
	g.mu.Lock()
	grow := !g.isLarge && int64(live) > g.small/2
	g.mu.Unlock()
	if grow {
		g.setLarge()
	}
}

// large reports whether the parse ran, or ended, under the large policy.
func (g *gcPolicy) large() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.isLarge
}

func serveOne(trees map[string]*cparse.Tree, req *workRequest) (resp *workResponse) {
	defer func() {
		if r := recover(); r != nil {
			f := internalFailure(r)
			resp = &workResponse{Err: f.Msg, Kind: f.Kind}
		}
	}()
	key := req.Src + "\x00" + req.Obj + "\x00" + req.CompDB
	t := trees[key]
	if t == nil {
		var err error
		if t, err = cparse.NewTree(req.Src, req.Obj); err != nil {
			return &workResponse{Err: err.Error()}
		}
		if req.CompDB != "" {
			if err := t.UseCompileCommands(req.CompDB); err != nil {
				return &workResponse{Err: err.Error()}
			}
		}
		trees[key] = t
	}
	if req.CompDB == "" && req.Commands != nil {
		t.CompDB = req.Commands
	}
	t.ResetOverlay(req.Overlay)
	u, err := t.Parse(req.Path, req.Opt)
	if err != nil {
		return &workResponse{Err: err.Error()}
	}
	return &workResponse{Unit: u}
}

// watchMemory calls over when the heap passes limit, and tells gc the
// live heap; the returned func stops watching.
func watchMemory(limit int64, gc *gcPolicy, over func(uint64)) func() {
	done := make(chan struct{})
	parent := os.Getppid()
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if os.Getppid() != parent {
					// the run that started this worker is gone: a parse
					// nobody waits for must not go on burning a core
					os.Exit(4)
				}
				metrics.Read(s)
				if s[1].Value.Kind() == metrics.KindUint64 {
					gc.observe(s[1].Value.Uint64())
				}
				if s[0].Value.Kind() == metrics.KindUint64 && int64(s[0].Value.Uint64()) > limit {
					over(s[0].Value.Uint64())
				}
			}
		}
	}()
	return func() { close(done) }
}

// worker is one running worker process.
type worker struct {
	cmd    *exec.Cmd
	enc    *gob.Encoder
	dec    *gob.Decoder
	stdin  io.WriteCloser
	stderr *bytes.Buffer
}

func startWorker(iso *Isolation) (*worker, error) {
	if len(iso.Command) == 0 {
		return nil, errors.New("no worker command")
	}
	cmd := exec.Command(iso.Command[0], iso.Command[1:]...)
	cmd.Env = append(os.Environ(), iso.Env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &worker{cmd: cmd, stdin: stdin, enc: gob.NewEncoder(stdin), dec: gob.NewDecoder(stdout), stderr: &bytes.Buffer{}}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting a parse worker: %v", err)
	}
	return w, nil
}

func (w *worker) kill() {
	w.cmd.Process.Kill()
	w.stdin.Close()
	w.cmd.Wait()
}

// parse sends one request and waits for the answer, killing the worker
// when it takes longer than limit. It returns whether the worker can be
// used again.
func (w *worker) parse(req *workRequest, limit time.Duration) (*cparse.Unit, error, bool) {
	if err := w.enc.Encode(req); err != nil {
		return nil, fmt.Errorf("parse worker: %v", err), false
	}
	ch := make(chan *workResponse, 1)
	errc := make(chan error, 1)
	go func() {
		var resp workResponse
		if err := w.dec.Decode(&resp); err != nil {
			errc <- err
			return
		}
		ch <- &resp
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case resp := <-ch:
		if resp.Err != "" {
			// a worker that reported running out of memory has exited
			var err error = &Failure{Kind: resp.Kind, Msg: resp.Err}
			if resp.Kind == FailFrontend {
				err = errors.New(resp.Err)
			}
			return nil, err, resp.Kind != FailMemory
		}
		return resp.Unit, nil, true
	case err := <-errc:
		w.kill()
		msg := strings.TrimSpace(w.stderr.String())
		if i := strings.LastIndex(msg, "\n"); len(msg) > 2000 && i >= 0 {
			msg = msg[len(msg)-2000:]
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, failuref(FailWorker, "the parser process died: %s", firstLine(msg)), false
	case <-timer.C:
		w.kill()
		return nil, failuref(FailTimeout, "timed out after %v (not analysed)", limit), false
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// workerPool hands out workers, restarting dead ones.
type workerPool struct {
	iso      *Isolation
	gcTarget int64
	// smallHeap is the heap of a tolerant parse (workRequest.SmallHeap)
	smallHeap int64
	mu        sync.Mutex
	idle      []*worker
}

func (p *workerPool) parse(t *cparse.Tree, path string, opt cparse.Options, limit time.Duration) (*cparse.Unit, error) {
	p.mu.Lock()
	var w *worker
	if n := len(p.idle); n > 0 {
		w, p.idle = p.idle[n-1], p.idle[:n-1]
	}
	p.mu.Unlock()
	if w == nil {
		var err error
		if w, err = startWorker(p.iso); err != nil {
			return nil, err
		}
	}
	req := &workRequest{Src: t.Src, Obj: t.Obj, CompDB: t.CompDBPath, Overlay: t.Overlay(), Path: path, Opt: opt, MemoryLimit: p.iso.MemoryLimit, GCTarget: p.gcTarget, SmallHeap: p.smallHeap}
	if t.CompDBPath == "" && t.CompDB != nil {
		req.Commands = t.CompDB
	}
	u, err, reusable := w.parse(req, limit)
	if reusable {
		p.mu.Lock()
		p.idle = append(p.idle, w)
		p.mu.Unlock()
	} else {
		w.kill()
	}
	return u, err
}

func (p *workerPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, w := range p.idle {
		w.stdin.Close()
		w.cmd.Wait()
	}
	p.idle = nil
}

// Parser parses files in worker processes, one at a time per call,
// reusing workers; for tools and tests that parse outside a Run (the fuzz
// targets, whose inputs make cc/v4 loop).
type Parser struct{ pool *workerPool }

// NewParser returns a Parser that starts workers as iso says.
func NewParser(iso *Isolation) *Parser { return &Parser{&workerPool{iso: iso}} }

// Parse parses path of t within limit.
func (p *Parser) Parse(t *cparse.Tree, path string, opt cparse.Options, limit time.Duration) (*cparse.Unit, error) {
	return p.pool.parse(t, path, opt, limit)
}

// Close stops the workers.
func (p *Parser) Close() { p.pool.close() }
