// Replay protection for signature v1: a Nonce may be used once per SecretId within the skew window
// (after that the Timestamp check rejects the request anyway). Real wall time, not the sim clock.

export class NonceCache {
    private readonly seen = new Map<string, Map<string, number>>(); // secretId -> nonce -> expiry ms

    constructor(
        private readonly windowMs: number,
        private readonly now: () => number = Date.now,
    ) {}

    /** Records the nonce; returns false when it was already used inside the window. */
    claim(secretId: string, nonce: string): boolean {
        const now = this.now();
        let nonces = this.seen.get(secretId);
        if (!nonces) {
            nonces = new Map();
            this.seen.set(secretId, nonces);
        }
        // Insertion order == expiry order (constant window), so pruning can stop at the first live one.
        for (const [n, expiry] of nonces) {
            if (expiry > now) break;
            nonces.delete(n);
        }
        if (nonces.has(nonce)) return false;
        nonces.set(nonce, now + this.windowMs);
        return true;
    }
}
