package main

import "crypto/sha256"
import "encoding/hex"
import "encoding/json"
import "fmt"
import "go/token"
import "io"
import "net/url"
import "path/filepath"
import "strings"
import "unicode/utf8"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import rreport "gupvet/rules/report"

// SARIF 2.1.0 output (-sarif), for GitHub code scanning and other SARIF
// consumers. Locations are relative to the tree (uriBaseId %SRCROOT%);
// columns count Unicode code points (run.columnKind); related positions
// are relatedLocations, linked from the message as [text](id) (GitHub
// shows only linked ones), and form the result's code flow in order, the
// finding last. partialFingerprints hash the rule, the file and the text
// of the reported line (not its number), so an alert survives unrelated
// lines moving it.

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []sarifResult               `json:"results"`
	Properties         map[string]any              `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	HelpURI              string        `json:"helpUri,omitempty"`
	Help                 *sarifText    `json:"help,omitempty"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	CodeFlows           []sarifCodeFlow   `json:"codeFlows,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	// BaselineState and Properties are set by -review: "new", and the
	// patch that introduced the result.
	BaselineState string         `json:"baselineState,omitempty"`
	Properties    map[string]any `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifCodeFlow struct {
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	Locations []sarifThreadFlowLocation `json:"locations"`
}

type sarifThreadFlowLocation struct {
	Location sarifLocation `json:"location"`
}

// sarifVersion is the version string of the driver: the module version,
// or "devel", with the VCS revision when known.
func sarifVersion() string {
	f := strings.Fields(versionString()) // "gupvet version V [REV] GO"
	if len(f) >= 4 {
		return strings.Join(f[2:len(f)-1], "+")
	}
	if len(f) >= 3 {
		return f[2]
	}
	return "devel"
}

func buildSARIF(p *plan, sel []*analysis.Analyzer, res *analyzer.Result) *sarifLog {
	b := newSARIFBuilder(sel)
	lines := &lineCache{read: p.tree.ReadFile}
	for _, f := range res.Findings {
		b.add(lines, res, f)
	}
	return b.log(p)
}

// sarifBuilder gathers the results of one SARIF run.
type sarifBuilder struct {
	driver  sarifDriver
	index   map[string]int // rule -> index in driver.Rules
	seen    map[string]int // fingerprint key -> how many so far
	results []sarifResult
}

// newSARIFBuilder lists the enabled rules (and the pseudo-rule ignore)
// in the driver.
func newSARIFBuilder(sel []*analysis.Analyzer) *sarifBuilder {
	b := &sarifBuilder{
		driver: sarifDriver{
			Name:           "gupvet",
			Version:        sarifVersion(),
			InformationURI: "https://github.com/gupvet/gupvet",
			Rules:          []sarifRule{},
		},
		index:   map[string]int{},
		seen:    map[string]int{},
		results: []sarifResult{},
	}
	for _, a := range append(append([]*analysis.Analyzer(nil), sel...), analyzer.IgnoreRule) {
		b.rule(a)
	}
	return b
}

// rule returns the index of a rule in the driver, adding it if needed
// (a test's rule that is not in the selection).
func (b *sarifBuilder) rule(a *analysis.Analyzer) int {
	if i, ok := b.index[a.Name]; ok {
		return i
	}
	title, _ := splitDoc(a.Name, a.Doc)
	b.index[a.Name] = len(b.driver.Rules)
	b.driver.Rules = append(b.driver.Rules, sarifRule{
		ID:                   a.Name,
		Name:                 a.Name,
		ShortDescription:     sarifText{title},
		FullDescription:      sarifText{strings.TrimSpace(a.Doc)},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifRuleConf{rreport.SeverityOf(a).SARIF()},
	})
	return b.index[a.Name]
}

// add makes a finding of res a result; lines reads the tree as res saw
// it. It returns the result, which the caller may complete before the
// next add.
func (b *sarifBuilder) add(lines *lineCache, res *analyzer.Result, f analyzer.Finding) *sarifResult {
	main := sarifLoc(lines, res, f.Diag.Pos, f.Diag.End, f.Posn, f.Unit)
	msg := sarifEscape(f.Diag.Message)
	r := sarifResult{
		RuleID:    f.Analyzer.Name,
		RuleIndex: b.rule(f.Analyzer),
		Level:     rreport.SeverityOfCategory(f.Analyzer, f.Diag.Category).SARIF(),
		Locations: []sarifLocation{main},
	}
	var flow []sarifThreadFlowLocation
	var links []string
	for k, rel := range f.Diag.Related {
		id := k + 1
		loc := sarifLoc(lines, res, rel.Pos, rel.End, res.Fset.Position(rel.Pos), f.Unit)
		loc.ID = &id
		loc.Message = &sarifText{rel.Message}
		r.RelatedLocations = append(r.RelatedLocations, loc)
		links = append(links, fmt.Sprintf("[%s](%d)", sarifEscape(rel.Message), id))
		step := loc
		step.ID = nil
		flow = append(flow, sarifThreadFlowLocation{Location: step})
	}
	if len(links) > 0 {
		msg = strings.TrimRight(msg, ". ") + ". See: " + strings.Join(links, "; ") + "."
		last := main
		last.Message = &sarifText{f.Diag.Message}
		flow = append(flow, sarifThreadFlowLocation{Location: last})
		r.CodeFlows = []sarifCodeFlow{{ThreadFlows: []sarifThreadFlow{{Locations: flow}}}}
	}
	r.Message = sarifText{msg}
	// rule, file and the reported line's text, whitespace folded; the
	// n-th identical one gets n
	key := f.Analyzer.Name + "\x00" + f.Posn.Filename + "\x00" + strings.Join(strings.Fields(lines.line(f.Posn.Filename, f.Posn.Line)), " ")
	b.seen[key]++
	h := sha256.Sum256([]byte(key))
	r.PartialFingerprints = map[string]string{"gupvetLineHash/v1": fmt.Sprintf("%s:%d", hex.EncodeToString(h[:16]), b.seen[key])}
	b.results = append(b.results, r)
	return &b.results[len(b.results)-1]
}

// log is the SARIF log of the run.
func (b *sarifBuilder) log(p *plan) *sarifLog {
	run := sarifRun{
		Tool:       sarifTool{Driver: b.driver},
		ColumnKind: "unicodeCodePoints",
		Results:    b.results,
	}
	if p.tree != nil {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{"%SRCROOT%": {URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(p.tree.Src) + "/"}).String()}}
	}
	return &sarifLog{Version: "2.1.0", Schema: sarifSchema, Runs: []sarifRun{run}}
}

// sarifEscape escapes the characters SARIF's message links give meaning
// to.
func sarifEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// sarifLoc makes a physical location; columns are converted from bytes to
// code points using the file's line.
func sarifLoc(lines *lineCache, res *analyzer.Result, pos, end token.Pos, posn token.Position, unit string) sarifLocation {
	file := posn.Filename
	if file == "" {
		file = unit
	}
	art := sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(file)}).String(), URIBaseID: "%SRCROOT%"}
	if filepath.IsAbs(file) {
		art = sarifArtifactLoc{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art}}
	if posn.Line <= 0 {
		return loc
	}
	reg := &sarifRegion{StartLine: posn.Line}
	if posn.Column > 0 {
		reg.StartColumn = lines.column(file, posn.Line, posn.Column)
	}
	if e := res.Fset.Position(end); end.IsValid() && e.Filename == posn.Filename && e.Line >= posn.Line {
		reg.EndLine = e.Line
		if e.Column > 0 {
			reg.EndColumn = lines.column(file, e.Line, e.Column)
		}
		if reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
			reg.EndColumn = reg.StartColumn
		}
	}
	loc.PhysicalLocation.Region = reg
	return loc
}

// lineCache reads the lines of files for columns and fingerprints.
type lineCache struct {
	read  func(string) ([]byte, error) // the tree as the run saw it
	files map[string][]string
}

func (c *lineCache) line(file string, n int) string {
	if c.files == nil {
		c.files = map[string][]string{}
	}
	ls, ok := c.files[file]
	if !ok {
		if c.read != nil {
			if b, err := c.read(file); err == nil {
				ls = strings.Split(string(b), "\n")
			}
		}
		c.files[file] = ls
	}
	if n < 1 || n > len(ls) {
		return ""
	}
	return ls[n-1]
}

// column turns a 1-based byte column into a 1-based code point column.
func (c *lineCache) column(file string, line, col int) int {
	l := c.line(file, line)
	if col-1 > len(l) || col < 1 {
		return col
	}
	return utf8.RuneCountInString(l[:col-1]) + 1
}

func printSARIF(w io.Writer, p *plan, sel []*analysis.Analyzer, res *analyzer.Result) error {
	data, err := json.MarshalIndent(buildSARIF(p, sel, res), "", "  ")
	if err != nil {
		return fmt.Errorf("SARIF output: %v", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
