// Command pulumi-resource-pulumi-nodejs launches the Node.js dynamic-provider host, as the shell
// script of the same name in the @pulumi/pulumi npm package does
// (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/dist/pulumi-resource-pulumi-nodejs):
// it resolves @pulumi/pulumi/cmd/dynamic-provider from the working directory (the user's project)
// and runs it with `node`, passing the engine's arguments through.
//
// Why not the script: it runs node as a child of a shell that nothing ends, so after a `kill -9`
// of pulumi the host went on serving for a minute and more. Here the host is killed by the kernel
// when this launcher dies, and the launcher ends the host when pulumi dies.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"

	"pulumi-cvm-reinstall/scripts/pulumi-cli/internal/orphan"
)

func main() {
	os.Exit(run())
}

func run() int {
	node, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: could not find node on the $PATH: %v\n", err)
		return 1
	}
	resolve := exec.Command(node, "-e", `console.log(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))`)
	resolve.Stderr = os.Stderr
	out, err := resolve.Output()
	script := strings.TrimSpace(string(out))
	if err != nil || script == "" {
		fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: could not resolve @pulumi/pulumi/cmd/dynamic-provider "+
			"from %s (run `npm install` in the program directory)\n", mustGetwd())
		return 1
	}

	cmd := exec.Command(node, append([]string{script}, os.Args[1:]...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr

	// Signals meant for the provider (the engine's cancellation, Ctrl-C) go to it.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	var child *os.Process
	ready := make(chan struct{})
	go func() {
		<-ready
		for s := range sigs {
			_ = child.Signal(s)
		}
	}()
	orphan.Watch(func() {
		<-ready
		_ = child.Kill()
	})

	err = orphan.Run(cmd, func(c *exec.Cmd) {
		child = c.Process
		close(ready)
	})
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return exitErr.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "pulumi-resource-pulumi-nodejs: %v\n", err)
		return 1
	}
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}
