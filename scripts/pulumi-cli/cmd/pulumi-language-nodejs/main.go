// Command pulumi-language-nodejs is a minimal Node.js language host for the
// Pulumi engine, written for this repository.
//
// Why it exists: the upstream language host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which
// Pulumi does not tag, and the Go module proxy reachable here does not serve
// it at any version. The CLI (pkg/v3) and the SDK (sdk/v3) are served, so
// scripts/install-pulumi.sh builds the real CLI and this small host, which
// speaks the LanguageRuntime gRPC protocol from sdk/v3/proto/go.
//
// What it does: it launches the Node.js SDK's own program runner
// (`node <resolved @pulumi/pulumi/cmd/run> --monitor ... <program>`), the same
// entry point the upstream host uses, passing configuration through the
// PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS environment variables. The
// dynamic-provider plugin (pulumi-resource-pulumi-nodejs) is not involved here;
// the engine launches it directly.
//
// Supported runtime options (Pulumi.yaml `runtime.options`): typescript
// (default true), nodeargs, tsconfig. Not implemented: InstallDependencies
// (`pulumi install`), About, GetProgramDependencies, Pack/Link, RunPlugin,
// code generation, and non-npm package managers.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pulumi-cvm-reinstall/scripts/pulumi-cli/internal/orphan"
)

// version is reported through GetPluginInfo; set with -ldflags "-X main.version=...".
var version = "3.274.1"

// Exit code used by @pulumi/pulumi's runner after it has already reported an
// error to the engine (nodeJSProcessExitedAfterLoggingUserActionableMessage).
const bailExitCode = 32

func main() {
	fs := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	// Flags the engine may pass to every plugin; accepted and ignored.
	fs.Bool("logtostderr", false, "ignored")
	fs.Bool("logflow", false, "ignored")
	fs.Int("v", 0, "ignored")
	fs.String("tracing", "", "ignored")
	fs.String("root", "", "ignored")
	showVersion := fs.Bool("version", false, "print version and exit")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *showVersion {
		fmt.Println(version)
		return
	}
	var engineAddress string
	if fs.NArg() > 0 {
		engineAddress = fs.Arg(fs.NArg() - 1)
	}

	host := &nodeHost{engineAddress: engineAddress}
	// A killed engine never calls us again: end with it instead of serving nobody.
	orphan.Watch(func() {
		host.killAll()
		os.Exit(1)
	})
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads exactly one line from stdout: our port.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string

	mu      sync.Mutex
	running map[*exec.Cmd]struct{}
}

func (h *nodeHost) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetRequiredPlugins is the legacy form of GetRequiredPackages.
func (h *nodeHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	pkgs := scanResourcePackages(dir)
	resp := &pulumirpc.GetRequiredPluginsResponse{}
	for _, p := range pkgs {
		resp.Plugins = append(resp.Plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return resp, nil
}

// GetRequiredPackages reports resource plugins declared by installed npm
// packages (package.json `"pulumi": {"resource": true, ...}`), looking at the
// top level of every node_modules directory from the program directory up.
func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{
		Packages: scanResourcePackages(req.GetInfo().GetProgramDirectory()),
	}, nil
}

type pulumiPackageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  *struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func scanResourcePackages(programDir string) []*pulumirpc.PackageDependency {
	if programDir == "" {
		return nil
	}
	seen := map[string]bool{}
	var out []*pulumirpc.PackageDependency
	consider := func(pkgDir string) {
		b, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
		if err != nil {
			return
		}
		var pj pulumiPackageJSON
		if json.Unmarshal(b, &pj) != nil || pj.Pulumi == nil || !pj.Pulumi.Resource {
			return
		}
		name := pj.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(pj.Name, "@pulumi/")
		}
		v := pj.Pulumi.Version
		if v == "" {
			v = pj.Version
		}
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		if v != "" && !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		out = append(out, &pulumirpc.PackageDependency{
			Name: name, Kind: "resource", Version: v, Server: pj.Pulumi.Server,
		})
	}
	dir, _ := filepath.Abs(programDir)
	for {
		nm := filepath.Join(dir, "node_modules")
		if entries, err := os.ReadDir(nm); err == nil {
			for _, e := range entries {
				name := e.Name()
				switch {
				case strings.HasPrefix(name, "."):
				case strings.HasPrefix(name, "@"):
					scoped, _ := os.ReadDir(filepath.Join(nm, name))
					for _, s := range scoped {
						consider(filepath.Join(nm, name, s.Name()))
					}
				default:
					consider(filepath.Join(nm, name))
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return out
}

// Run executes the user's program through @pulumi/pulumi's runner.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := req.GetInfo().GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	opts := req.GetInfo().GetOptions().AsMap()

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	runner, err := resolveRunner(nodeBin, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	if na, ok := opts["nodeargs"].(string); ok && na != "" {
		args = append(args, strings.Fields(na)...)
	}
	args = append(args, runner)
	if req.GetMonitorAddress() != "" {
		args = append(args, "--monitor", req.GetMonitorAddress())
	}
	if h.engineAddress != "" {
		args = append(args, "--engine", h.engineAddress)
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if req.GetProject() != "" {
		args = append(args, "--project", req.GetProject())
	}
	if req.GetStack() != "" {
		args = append(args, "--stack", req.GetStack())
	}
	if req.GetPwd() != "" {
		args = append(args, "--pwd", req.GetPwd())
	}
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		args = append(args, "--root-directory", root)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() != 0 {
		args = append(args, "--parallel", strconv.Itoa(int(req.GetParallel())))
	}
	program := req.GetInfo().GetEntryPoint()
	if program == "" {
		program = req.GetProgram()
	}
	if program == "" {
		program = "."
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	env := os.Environ()
	env = append(env, "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	typescript := true
	if ts, ok := opts["typescript"].(bool); ok {
		typescript = ts
	}
	env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(typescript))
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// The program dies with this host (and this host with the engine: see main).
	waitErr := orphan.Run(cmd, func(c *exec.Cmd) { h.track(c, true) })
	h.track(cmd, false)
	if waitErr != nil && cmd.Process == nil {
		return &pulumirpc.RunResponse{Error: "failed to start node: " + waitErr.Error()}, nil
	}
	if waitErr == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Exited() && ws.ExitStatus() == bailExitCode:
				return &pulumirpc.RunResponse{Bail: true}, nil
			case ws.Exited():
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ws.ExitStatus()),
				}, nil
			case ws.Signaled():
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited due to signal: %v", ws.Signal()),
				}, nil
			}
		}
	}
	return &pulumirpc.RunResponse{Error: "Problem executing program: " + waitErr.Error()}, nil
}

// resolveRunner finds @pulumi/pulumi/cmd/run as seen from the program
// directory, so the runner and the program share one copy of the SDK.
func resolveRunner(nodeBin, programDir string) (string, error) {
	cmd := exec.Command(nodeBin, "-e", `console.log(require.resolve("@pulumi/pulumi/cmd/run"))`)
	cmd.Dir = programDir
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
			msg = strings.TrimSpace(string(exitErr.Stderr))
		}
		return "", fmt.Errorf("could not find the @pulumi/pulumi package from %s "+
			"(run `npm install` in the program directory): %s", programDir, msg)
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *nodeHost) track(cmd *exec.Cmd, add bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.running == nil {
		h.running = map[*exec.Cmd]struct{}{}
	}
	if add {
		h.running[cmd] = struct{}{}
	} else {
		delete(h.running, cmd)
	}
}

func (h *nodeHost) killAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
	}
}

// Cancel asks running programs to stop (SIGINT, like Ctrl-C).
func (h *nodeHost) Cancel(context.Context, *pbempty.Empty) (*pbempty.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &pbempty.Empty{}, nil
}

// InstallDependencies is not supported: run `npm install` yourself.
func (h *nodeHost) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return status.Error(codes.Unimplemented,
		"this minimal pulumi-language-nodejs does not install dependencies; run `npm install`")
}
