package analyzer

import "errors"
import "fmt"
import "runtime/debug"

// FailKind says why a file could not be analysed.
type FailKind uint8

const (
	// FailFrontend: the C frontend could not read the file.
	FailFrontend FailKind = iota
	// FailInternal: gupvet's own code failed (a bug).
	FailInternal
	// FailTimeout: the parse ran over the time limit.
	FailTimeout
	// FailMemory: the parse ran over the memory limit.
	FailMemory
	// FailWorker: the parse worker process died or could not be used.
	FailWorker
)

// Failure is why a file could not be analysed, typed so that callers
// (the fuzz targets, the worker pool) need not read the message.
type Failure struct {
	Kind FailKind
	Msg  string
}

func (f *Failure) Error() string {
	if f.Kind == FailInternal {
		return "internal error: " + f.Msg
	}
	return f.Msg
}

func failuref(k FailKind, format string, args ...any) *Failure {
	return &Failure{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// internalFailure is a recovered panic of gupvet's code, with its stack.
func internalFailure(r any) *Failure {
	return failuref(FailInternal, "%v\n%s", r, debug.Stack())
}

// KindOf returns the kind of err, FailFrontend for an error of the
// frontend's own.
func KindOf(err error) FailKind {
	var f *Failure
	if errors.As(err, &f) {
		return f.Kind
	}
	return FailFrontend
}

// IsInternalError tells a failure of gupvet's own code (a bug) from the
// frontend's, time or memory limits.
func IsInternalError(err error) bool { return err != nil && KindOf(err) == FailInternal }
