/** Runs `promise`, which must reject, and returns the error (the one rejection helper of every layer). */
export async function rejectionOf<E = Error & Record<string, unknown>>(promise: Promise<unknown>): Promise<E> {
    try {
        await promise;
    } catch (error) {
        return error as E;
    }
    throw new Error("expected the call to fail, but it succeeded");
}
