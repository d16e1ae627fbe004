package main

import "errors"
import "flag"
import "fmt"
import "io"
import "os"
import "path/filepath"
import "runtime"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/all"
import "gupvet/rules/callsites"

// Exit codes.
const (
	exitClean    = 0 // no findings
	exitFindings = 1 // findings reported
	exitTrouble  = 2 // bad usage, or some file could not be analysed
)

// analyzers are the rules a run applies; tests swap in their own.
var analyzers = all.Analyzers

// isolation says how the driver starts parse workers: this very binary
// with analyzer.WorkerArg, so that a file that makes the C frontend loop
// or grow without bound is killed and reported while the run goes on.
// Nil (GUPVET_ISOLATION=off) parses in-process.
var isolation = func() *analyzer.Isolation {
	if os.Getenv("GUPVET_ISOLATION") == "off" {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return &analyzer.Isolation{Command: []string{exe, analyzer.WorkerArg}}
}

const usageText = `usage: gupvet [flags] [path ...]

gupvet checks Linux kernel C for misuse of the get_user_pages (GUP) API
contract. Paths are files or directories relative to the tree (-C); with
none, the whole tree is checked. Flags come before paths.

Flags:
  -C DIR       the kernel source tree (default ".")
  -O DIR       the configured object tree, as kbuild's O= (.config,
               include/generated); auto-detected in -C for in-tree builds
  -p DIR       the directory holding compile_commands.json (or the file)
  -mode MODE   auto, precise or tolerant (default auto: precise when an
               object tree or compile_commands.json is known, else tolerant)
  -json        print findings as JSON, in the shape of go vet -json
  -sarif       print findings as SARIF 2.1.0 (GitHub code scanning)
  -enable LIST run only these rules (comma-separated names, see -list)
  -disable LIST
               do not run these rules
  -unused-ignores
               report gupvet:ignore directives that silence nothing
  -fix         apply the findings' suggested fixes to the files
  -diff        print the suggested fixes as a unified diff (git apply)
  -patch FILE  report only findings on lines a unified diff adds ("-": stdin)
  -new-from-rev REV
               report only findings on lines changed since git revision REV
  -staged      analyse the git index's content; report only staged lines
  -review PATCH
               apply a patch, or a series (diff, or an mbox from git
               format-patch or b4 am; "-": stdin) in memory and print the
               findings each patch introduces (new:) and removes (fixed:);
               exit 1 when one introduces a finding
  -review-fuzz N
               context lines a hunk may lose at each end when it does
               not apply as it is (default 2, as patch(1); 0: exact)
  -calls       list the GUP call sites instead of findings: the flags and
               locked that reach each, what the entry point adds, the rules
               that fired (with -json, as a JSON array)
  -list        list the rules and exit
  -j N         parse N files at once (default: the number of CPUs)
  -v           say on stderr how each file was analysed
  -V, -version print the version and exit
  -cpuprofile FILE, -memprofile FILE
               write a CPU or heap profile of the run (go tool pprof)

In source, /* gupvet:ignore RULE[,RULE] reason */ on the reported line or
the line before silences those rules there; the reason is required.

Run by kbuild as make C=1 CHECK=gupvet (or C=2), gupvet takes the
compiler's command line and checks that one file; it then exits 0 like
sparse unless -Wgupvet-error is among the arguments.

Exit status: 0 no findings, 1 findings, 2 bad usage or some file could not
be analysed (each such file is listed on stderr); the same with -json,
-sarif, -fix and -diff.
`

// options are the parsed command line.
type options struct {
	dir, obj, compdb, mode string
	json, list, verbose    bool
	calls                  bool // calls.go
	version                bool
	jobs                   int
	cpuprofile, memprofile string // profile.go
	cache                  *analyzer.Cache
	wf                     workflowOptions // workflow.go
}

// usageError is a bad command line: one line on stderr, exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

func parseFlags(args []string) (*options, []string, error) {
	o := &options{}
	fs := flag.NewFlagSet("gupvet", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&o.dir, "C", ".", "")
	fs.StringVar(&o.obj, "O", "", "")
	fs.StringVar(&o.compdb, "p", "", "")
	fs.StringVar(&o.mode, "mode", "auto", "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.list, "list", false, "")
	fs.BoolVar(&o.calls, "calls", false, "")
	fs.IntVar(&o.jobs, "j", runtime.NumCPU(), "")
	fs.BoolVar(&o.verbose, "v", false, "")
	fs.BoolVar(&o.version, "V", false, "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "")
	fs.StringVar(&o.memprofile, "memprofile", "", "")
	o.wf.register(fs)
	registerRuleFlags(fs, analyzers)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, err
		}
		return nil, nil, usagef("%v (run gupvet -h for usage)", err)
	}
	if o.jobs < 1 {
		return nil, nil, usagef("-j %d: want at least 1", o.jobs)
	}
	switch o.mode {
	case "auto", "precise", "tolerant":
	default:
		return nil, nil, usagef("-mode %s: want auto, precise or tolerant", o.mode)
	}
	if err := o.checkWorkflow(); err != nil {
		return nil, nil, err
	}
	return o, fs.Args(), nil
}

// plan is what a run will do, decided before any file is parsed.
type plan struct {
	tree       *cparse.Tree
	mode       cparse.Mode
	why        string // why this mode and configuration, for -v
	paths      []string
	files      []string
	context    []string
	walkErrors []analyzer.FileError
	// skipped are files found by a directory walk that this mode cannot
	// analyse, and why (for -v).
	skipped []string
	skipWhy string
	// tolerant are files a precise run reads in tolerant mode: found by
	// a directory walk, not built by this configuration
	tolerant map[string]bool
	// auto: -mode auto, the mode is chosen by selectFiles
	auto, configured bool
}

// autoPreciseMax is the most files -mode auto preprocesses fully.
var autoPreciseMax = 16 // a variable for the tests

// run is gupvet's main: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if isKbuildArgv(args) {
		return runKbuild(args, stdout, stderr)
	}
	o, paths, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, usageText)
		if rfs := ruleFlags(analyzers); len(rfs) > 0 {
			fmt.Fprintf(stdout, "\nRule flags (each rule's own options, described in -list):\n")
			printRuleFlags(stdout, "  ", rfs)
		}
		return exitClean
	}
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	if o.version {
		fmt.Fprintln(stdout, versionString())
		return exitClean
	}
	if o.list {
		printList(stdout, analyzers)
		return exitClean
	}
	stop, err := startProfiles(o)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	defer stop(stderr)
	o.cache, err = analyzer.OpenCache()
	if err != nil {
		// a run without a cache is still a run
		fmt.Fprintf(stderr, "gupvet: warning: %v (GUPVET_CACHE_DIR=off runs without one)\n", err)
		o.cache = nil
	}

	sel, err := selectAnalyzers(analyzers, o.wf.enable, o.wf.disable)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	p, err := makePlan(o, paths)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	if o.wf.review != "" {
		return runReview(o, p, sel, stdout, stderr)
	}
	changed, err := changes(o, p)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	p.printPlan(o, stderr)
	var snap *snapshot
	if o.wf.fix || o.wf.diff {
		snap = takeSnapshot(p)
	}
	res, err := analyse(o, p, sel, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	postProcess(o, p, sel, res, changed)
	return report(o, p, sel, res, snap, stdout, stderr)
}

// postProcess keeps, in a diff-aware run, only the findings that touch an
// added line. (The driver has applied the gupvet:ignore directives.)
func postProcess(o *options, p *plan, sel []*analysis.Analyzer, res *analyzer.Result, changed changeSet) {
	if changed == nil {
		return
	}
	kept := res.Findings[:0]
	for i := range res.Findings {
		if changed.touches(res, &res.Findings[i]) {
			kept = append(kept, res.Findings[i])
		}
	}
	res.Findings = kept
}

func ruleNames(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

// escalates returns which files a run may read again in precise mode
// (-mode auto with a configured tree: those precise mode can read, of this
// architecture and built by this configuration), or nil.
func (p *plan) escalates() func(string) bool {
	if !p.auto || !p.configured || p.mode != cparse.Tolerant {
		return nil
	}
	return func(f string) bool {
		if kept, _ := dropOtherArches(p.tree.Arch, []string{f}, nil); len(kept) == 0 {
			return false
		}
		built, known := p.tree.Built(f)
		return built || !known
	}
}

// modeOf returns the per-file mode the plan asks for, or nil.
func (p *plan) modeOf() func(string) cparse.Mode {
	if len(p.tolerant) == 0 {
		return nil
	}
	return func(f string) cparse.Mode {
		if p.tolerant[f] {
			return cparse.Tolerant
		}
		return p.mode
	}
}

// printPlan says, for -v, what the run will do.
func (p *plan) printPlan(o *options, stderr io.Writer) {
	if o.verbose {
		fmt.Fprintf(stderr, "gupvet: tree %s; %s\n", p.tree.Src, p.why)
		fmt.Fprintf(stderr, "gupvet: %d file(s) to analyse", len(p.files))
		if len(p.context) > 0 {
			fmt.Fprintf(stderr, "; context: %s", strings.Join(p.context, ", "))
		}
		fmt.Fprintln(stderr)
		if len(p.skipped) > 0 {
			fmt.Fprintf(stderr, "gupvet: skipped %d file(s) %s:\n", len(p.skipped), p.skipWhy)
			for _, f := range p.skipped {
				fmt.Fprintf(stderr, "\t%s\n", f)
			}
		}
		if len(p.tolerant) > 0 {
			fmt.Fprintf(stderr, "gupvet: %d file(s) this configuration does not build, read in tolerant mode:\n", len(p.tolerant))
			for _, f := range p.files {
				if p.tolerant[f] {
					fmt.Fprintf(stderr, "\t%s\n", f)
				}
			}
		}
	}
}

// analyse runs the selected rules over the plan's files.
func analyse(o *options, p *plan, sel []*analysis.Analyzer, stderr io.Writer) (*analyzer.Result, error) {
	cache := o.cache
	if o.verbose {
		if cache != nil && cache.Dir != "" {
			fmt.Fprintf(stderr, "gupvet: cache of parsed files: %s (GUPVET_CACHE_DIR)\n", cache.Dir)
		} else if cache != nil {
			fmt.Fprintf(stderr, "gupvet: parsed files kept in memory only (GUPVET_CACHE_DIR=off)\n")
		} else {
			fmt.Fprintf(stderr, "gupvet: no cache of parsed files\n")
		}
	}

	prog := newProgress(stderr)
	res, err := analyzer.Run(analyzer.Config{
		Tree:       p.tree,
		Mode:       p.mode,
		Analyzers:  sel,
		Jobs:       o.jobs,
		Progress:   prog.update,
		Cache:      cache,
		Isolation:  isolation(),
		TuneGC:     true, // gupvet owns its process
		Directives: &analyzer.Directives{Known: ruleNames(analyzers), ReportUnused: o.wf.unusedIgnores},
		Collect:    collect(sel),
		ModeOf:     p.modeOf(),
		// -mode auto with a configured tree: a file tolerant mode may
		// have misread is read again fully preprocessed
		Escalate: p.escalates(),
	}, p.files, p.context)
	prog.done()
	if err != nil {
		return nil, err
	}
	if o.verbose {
		printUnits(stderr, res.Units)
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "gupvet: %s\n", n)
		}
	}
	return res, nil
}

// collect are the analyzers a run keeps the results of: the inventory of
// GUP call sites, when the rules follow the GUP API.
func collect(sel []*analysis.Analyzer) []*analysis.Analyzer {
	if wantsInventory(sel) {
		return []*analysis.Analyzer{callsites.Analyzer}
	}
	return nil
}

// report prints the findings in the chosen format (or, with -calls, the
// inventory of call sites), applies or prints the fixes, lists the files
// that could not be analysed, gives the account of the run's call sites,
// and returns the exit status, which is the same whatever the format: a
// call site in code that could not be parsed counts as a file that could
// not be analysed.
func report(o *options, p *plan, sel []*analysis.Analyzer, res *analyzer.Result, snap *snapshot, stdout, stderr io.Writer) int {
	fileErrs := append(append([]analyzer.FileError(nil), p.walkErrors...), res.Errors...)
	inv := inventoryOf(res)
	status := exitClean
	switch {
	case len(fileErrs) > 0 || inv != nil && len(inv.lost()) > 0:
		status = exitTrouble
	case len(res.Findings) > 0 && !o.calls:
		status = exitFindings
	}
	switch {
	case o.calls && inv == nil:
		fmt.Fprintf(stderr, "gupvet: -calls: the selected rules follow no GUP call\n")
		status = exitTrouble
	case o.calls && o.json:
		if err := printCallsJSON(stdout, inv, res); err != nil {
			fmt.Fprintf(stderr, "gupvet: %v\n", err)
			status = exitTrouble
		}
	case o.calls:
		printCalls(stdout, inv, res)
	case o.wf.diff:
		// stdout is the patch alone, ready for git apply; the findings
		// go to stderr
		printText(stderr, res)
		if err := printFixDiff(stdout, p, res, snap); err != nil {
			fmt.Fprintf(stderr, "gupvet: %v\n", err)
			status = exitTrouble
		}
	case o.json:
		if err := printJSON(stdout, res); err != nil {
			fmt.Fprintf(stderr, "gupvet: %v\n", err)
			status = exitTrouble
		}
	case o.wf.sarif:
		if err := printSARIF(stdout, p, sel, res); err != nil {
			fmt.Fprintf(stderr, "gupvet: %v\n", err)
			status = exitTrouble
		}
	default:
		printText(stdout, res)
	}
	if o.wf.fix {
		if err := applyFixes(p, res, snap, stderr); err != nil {
			fmt.Fprintf(stderr, "gupvet: %v\n", err)
			status = exitTrouble
		}
	}
	printErrors(stderr, fileErrs, o.verbose)
	if inv != nil {
		inv.printAccount(stderr, len(p.files))
	}
	return status
}

// makePlan opens the tree, chooses the mode and the files.
func makePlan(o *options, paths []string) (*plan, error) {
	if err := isDir("-C", o.dir); err != nil {
		return nil, err
	}
	src, err := filepath.Abs(o.dir)
	if err != nil {
		return nil, usagef("-C %s: %v", o.dir, err)
	}
	var why []string
	obj := o.obj
	switch {
	case obj != "":
		if err := isDir("-O", obj); err != nil {
			return nil, err
		}
		why = append(why, "object tree "+obj+" (-O)")
	case isObjtree(src):
		obj = src
		why = append(why, "object tree "+src+" (an in-tree build: .config and include/generated in -C)")
	default:
		why = append(why, "no object tree")
	}
	t, err := cparse.NewTree(src, obj)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if o.compdb != "" {
		if _, err := os.Stat(o.compdb); err != nil {
			return nil, usagef("-p %s: %v", o.compdb, unwrapPathError(err))
		}
		if err := useCompileCommands(t, o.compdb); err != nil {
			return nil, usagef("-p %s: %v", o.compdb, err)
		}
		why = append(why, "compile_commands.json in "+o.compdb+" (-p)")
	}
	configured := t.Obj != "" || o.compdb != ""

	p := &plan{tree: t}
	switch o.mode {
	case "precise":
		if !configured {
			return nil, usagef("-mode precise needs a configured object tree (-O DIR) or compile_commands.json (-p DIR)")
		}
		p.mode = cparse.Precise
		why = append(why, "mode precise (-mode)")
	case "tolerant":
		p.mode = cparse.Tolerant
		why = append(why, "mode tolerant (-mode)")
	default:
		// decided in selectFiles, once the number of files is known
		p.auto, p.configured = true, configured
	}
	p.why = strings.Join(why, "; ")

	for _, a := range paths {
		r, err := treePath(t, a)
		if err != nil {
			return nil, err
		}
		p.paths = append(p.paths, r)
	}
	if o.wf.staged {
		// the index's content, before the prefilter reads the files
		if err := overlayIndex(t); err != nil {
			return nil, err
		}
	}
	if o.wf.review == "" {
		// -review applies the patch first: one that does not apply is
		// reported before the tree is walked
		p.selectFiles(o.jobs, o.cache)
	}
	return p, nil
}

// selectFiles chooses the files to analyse under p.paths (the prefilter)
// and the context files, reading the tree with its overlay.
// What the prefilter learnt of each file is kept in the cache, so a warm
// run reads only the files that changed.
func (p *plan) selectFiles(jobs int, cache *analyzer.Cache) {
	t := p.tree
	needs := analyzer.NeedsOf(analyzers)
	p.files, p.walkErrors = needs.Prefilter(cache).Candidates(t, p.paths, jobs)
	p.skipped, p.tolerant = nil, nil
	if p.auto {
		// Full preprocessing costs seconds and most of a GB per file: it
		// is used where it is affordable, a configured tree and a few
		// files (a pre-commit hook, files named on the command line). A
		// directory or the whole tree is parsed in tolerant mode with the
		// tree's own configuration (autoconf.h) and API model, which gives
		// the same findings on the real trees in a fraction of the time
		// (README, Modes).
		why := ""
		switch {
		case p.configured && len(p.files) <= autoPreciseMax:
			p.mode = cparse.Precise
			why = fmt.Sprintf("mode precise (auto: the tree is configured and %d file(s) are to be analysed)", len(p.files))
		case p.configured:
			p.mode = cparse.Tolerant
			why = fmt.Sprintf("mode tolerant with the tree's configuration (auto: %d files, more than %d; -mode precise preprocesses them all)", len(p.files), autoPreciseMax)
		default:
			p.mode = cparse.Tolerant
			why = "mode tolerant (auto: no object tree or compile_commands.json)"
		}
		if i := strings.Index(p.why, "; mode "); i >= 0 {
			p.why = p.why[:i]
		}
		p.why += "; " + why
	}
	if p.mode == cparse.Precise {
		p.files, p.skipped = dropOtherArches(t.Arch, p.files, p.paths)
		p.skipWhy = "of other architectures (precise mode compiles for arch/" + t.Arch + "; -mode tolerant reads them)"
		// what kbuild does not build in this configuration is read
		// tolerantly: nothing under a path asked for goes unread
		var notBuilt []string
		p.files, notBuilt = dropNotBuilt(t, p.files, p.paths)
		p.files = append(p.files, notBuilt...)
		sort.Strings(p.files)
		for _, f := range notBuilt {
			if p.tolerant == nil {
				p.tolerant = map[string]bool{}
			}
			p.tolerant[f] = true
		}
	}
	// (the driver reads them; the plan says which, for -v)
	p.context = needs.ContextIn(t, nil)
}

// dropNotBuilt removes the files a directory walk found that the tree's
// kbuild files do not build in this configuration (another
// architecture's driver, a selftest #included by another file): precise
// mode cannot preprocess them as kbuild would. Files named on the command
// line are kept.
func dropNotBuilt(t *cparse.Tree, files, paths []string) (kept, dropped []string) {
	asked := map[string]bool{}
	for _, p := range paths {
		asked[filepath.Clean(p)] = true
	}
	for _, f := range files {
		if built, known := t.Built(f); known && !built && !asked[filepath.Clean(f)] {
			dropped = append(dropped, f)
			continue
		}
		kept = append(kept, f)
	}
	return kept, dropped
}

// dropOtherArches removes the files under arch/X/, X not arch, that a
// directory walk found: a configured object tree compiles for one
// architecture only, so precise mode cannot preprocess them. A file named
// on the command line, or found under a path the user gave inside arch/X,
// is kept.
func dropOtherArches(arch string, files, paths []string) (kept, dropped []string) {
	archOf := func(rel string) string {
		parts := strings.SplitN(filepath.ToSlash(rel), "/", 3)
		if len(parts) == 3 && parts[0] == "arch" {
			return parts[1]
		}
		return ""
	}
	asked := map[string]bool{}
	for _, p := range paths {
		if a := archOf(filepath.Join(p, "x")); a != "" {
			asked[a] = true
		}
	}
	for _, f := range files {
		if a := archOf(f); a != "" && a != arch && !asked[a] {
			dropped = append(dropped, f)
			continue
		}
		kept = append(kept, f)
	}
	return kept, dropped
}

// treePath checks that a command-line path names something inside the
// tree and returns it tree-relative. A path that does not exist is not a
// usage error: the prefilter lists it with the files it could not read,
// and the others are analysed.
func treePath(t *cparse.Tree, arg string) (string, error) {
	abs := t.Abs(arg)
	rel, err := filepath.Rel(t.Src, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", usagef("%s: outside the tree %s (paths are relative to -C)", arg, t.Src)
	}
	return rel, nil
}

func isDir(flagName, dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return usagef("%s %s: %v", flagName, dir, unwrapPathError(err))
	}
	if !fi.IsDir() {
		return usagef("%s %s: not a directory", flagName, dir)
	}
	return nil
}

// unwrapPathError drops the "stat PATH: " part the caller already printed.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isObjtree reports whether dir is a configured kbuild output directory.
func isObjtree(dir string) bool {
	if fi, err := os.Stat(filepath.Join(dir, ".config")); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, "include", "generated"))
	return err == nil && fi.IsDir()
}

// printList prints each rule's name and documentation: the first
// paragraph of Doc as a title, then the rest indented.
func printList(w io.Writer, as []*analysis.Analyzer) {
	for i, a := range as {
		if i > 0 {
			fmt.Fprintln(w)
		}
		title, rest := splitDoc(a.Name, a.Doc)
		fmt.Fprintf(w, "%s: %s\n", a.Name, title)
		if rest != "" {
			fmt.Fprintln(w)
			for _, line := range strings.Split(rest, "\n") {
				if line == "" {
					fmt.Fprintln(w)
				} else {
					fmt.Fprintf(w, "    %s\n", line)
				}
			}
		}
		if rfs := ruleFlags([]*analysis.Analyzer{a}); len(rfs) > 0 {
			fmt.Fprintf(w, "\n    Flags:\n")
			printRuleFlags(w, "      ", rfs)
		}
	}
}

// splitDoc splits an analyzer's Doc into its title (the first paragraph,
// on one line, without a leading "name: ") and the rest.
func splitDoc(name, doc string) (title, rest string) {
	doc = strings.TrimSpace(doc)
	title, rest, _ = strings.Cut(doc, "\n\n")
	title = strings.Join(strings.Fields(title), " ")
	title = strings.TrimPrefix(title, name+": ")
	return title, strings.TrimSpace(rest)
}

// printUnits says, for -v, how each file was analysed.
func printUnits(w io.Writer, units []analyzer.UnitInfo) {
	for _, u := range units {
		var tags []string
		tags = append(tags, u.Mode.String())
		if u.Context {
			tags = append(tags, "context: facts only")
		}
		if u.Partial {
			tags = append(tags, "partial")
		}
		if u.Escalated != "" {
			tags = append(tags, "read again in precise mode: "+u.Escalated)
		}
		fmt.Fprintf(w, "gupvet: %s: %s\n", u.Path, strings.Join(tags, ", "))
		for _, n := range u.Notes {
			for _, line := range strings.Split(strings.TrimRight(n, "\n"), "\n") {
				fmt.Fprintf(w, "\t%s\n", line)
			}
		}
	}
}

// printErrors lists every file that could not be (fully) analysed, one
// line each: "path: reason". With verbose, the reason's further lines
// follow, indented.
func printErrors(w io.Writer, errs []analyzer.FileError, verbose bool) {
	for _, e := range errs {
		msg := "unknown error"
		if e.Err != nil {
			msg = e.Err.Error()
		}
		lines := strings.Split(strings.TrimRight(msg, "\n"), "\n")
		first := strings.TrimPrefix(lines[0], e.Path+": ")
		if len(lines) > 1 && !verbose {
			first += fmt.Sprintf(" (and %d more line(s); -v shows them)", len(lines)-1)
		}
		fmt.Fprintf(w, "%s: %s\n", e.Path, first)
		if verbose {
			for _, l := range lines[1:] {
				fmt.Fprintf(w, "\t%s\n", l)
			}
		}
	}
}
