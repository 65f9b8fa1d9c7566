// Hands out instance address indices (see instanceAddresses) so that emulators never share an
// address: one pool per process, so two emulators in one test process never collide, starting at
// a random index, so that emulators in different processes on one machine (tests running side by
// side) almost never do. A collision would show as an EADDRINUSE in the guest's listener errors.
import { randomInt } from "node:crypto";
import { MAX_ADDRESS_INDEX } from "./instance";

let next = randomInt(0, MAX_ADDRESS_INDEX + 1);

export function allocateAddressIndex(): number {
    const index = next;
    next = (next + 1) % (MAX_ADDRESS_INDEX + 1);
    return index;
}
