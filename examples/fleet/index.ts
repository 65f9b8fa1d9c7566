import { program } from "./program";

// `pulumi -C examples/fleet up` runs the compiled dist/examples/fleet/index.js (see Pulumi.yaml).
export = program();
