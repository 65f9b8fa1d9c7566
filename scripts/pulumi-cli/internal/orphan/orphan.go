// Package orphan makes a plugin and its children end when the process that started them is gone,
// so a killed `pulumi` (kill -9, an OOM kill, a cancelled CI job) leaves no process behind.
package orphan

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// PollInterval is how often Watch looks at the parent.
const PollInterval = 200 * time.Millisecond

// Watch calls onOrphaned (once, from another goroutine) when this process is re-parented, which is
// what the kernel does when the parent dies. It polls getppid rather than setting PR_SET_PDEATHSIG
// on itself: that signal fires when the parent *thread* that forked us exits, and the engine, a Go
// program, may start plugins from a thread that ends long before the engine does
// (https://github.com/golang/go/issues/27505).
func Watch(onOrphaned func()) {
	parent := os.Getppid()
	if parent <= 1 {
		return // started by init (or a subreaper that is init): nothing to watch
	}
	go func() {
		for {
			time.Sleep(PollInterval)
			if os.Getppid() != parent {
				onOrphaned()
				return
			}
		}
	}()
}

// Run starts cmd so that the kernel SIGKILLs it if this process dies first
// (PR_SET_PDEATHSIG, https://man7.org/linux/man-pages/man2/pr_set_pdeathsig.2const.html), waits
// for it and returns cmd.Wait's error. The signal is tied to the thread that started the child, so
// the calling goroutine stays locked to that thread until the child has exited.
func Run(cmd *exec.Cmd, started func(*exec.Cmd)) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if err := cmd.Start(); err != nil {
		return err
	}
	if started != nil {
		started(cmd)
	}
	return cmd.Wait()
}
