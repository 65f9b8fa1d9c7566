import { program } from "./program";

// `pulumi -C examples/fleet20 up` runs the compiled dist/examples/fleet20/index.js (see Pulumi.yaml).
export = program();
