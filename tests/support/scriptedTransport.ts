import type { HttpRequest, Transport } from "../../provider/cvm/transport";

/** A transport that records requests and answers from a script (an Error entry is thrown). */
export function scripted(answers: unknown[]): Transport & { sent: HttpRequest[] } {
    const sent: HttpRequest[] = [];
    return {
        sent,
        async send(request) {
            sent.push(request);
            const next = answers.shift();
            if (next instanceof Error) throw next;
            return next;
        },
    };
}
