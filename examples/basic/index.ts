import { program } from "./program";

// `pulumi up` from the repository root runs this file (Pulumi.yaml `main`, compiled to dist/).
// A Pulumi program's module exports become the stack outputs.
export = program();
