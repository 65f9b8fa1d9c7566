import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { CvmTransportError } from "../../provider/cvm/errors";
import { createTransport, hostHeaderOf, isLoopbackHost, parseEndpoint } from "../../provider/cvm/transport";

/** A loopback server whose handler each test sets. */
function serve(
    handler: http.RequestListener,
): Promise<{ url: string; close(): Promise<void>; seen: http.IncomingMessage[] }> {
    const seen: http.IncomingMessage[] = [];
    const server = http.createServer((req, res) => {
        seen.push(req);
        handler(req, res);
    });
    return new Promise((resolve) => {
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo;
            resolve({
                url: `http://127.0.0.1:${port}`,
                seen,
                close: () =>
                    new Promise<void>((r) => {
                        server.closeAllConnections();
                        server.close(() => r());
                    }),
            });
        });
    });
}

async function failure(promise: Promise<unknown>): Promise<CvmTransportError> {
    try {
        await promise;
    } catch (error) {
        return error as CvmTransportError;
    }
    throw new Error("expected a failure");
}

const ctx = { action: "ResetInstances", instanceId: "ins-1" };

describe("transport", function () {
    this.timeout(5000);

    it("sends the Host header with the port and returns the parsed JSON", async () => {
        const s = await serve((_req, res) => res.end('{"code":0}'));
        try {
            const url = new URL(`${s.url}/v2/index.php`);
            const body = await createTransport().send(
                { method: "POST", url, headers: { Host: hostHeaderOf(url) }, body: "a=1" },
                ctx,
            );
            expect(body).to.deep.equal({ code: 0 });
            expect(s.seen[0]!.headers.host).to.equal(url.host);
            expect(url.host).to.match(/^127\.0\.0\.1:\d+$/);
        } finally {
            await s.close();
        }
    });

    it("drops the default port from the Host header", () => {
        expect(hostHeaderOf(new URL("https://cvm.tencentcloudapi.com:443/"))).to.equal("cvm.tencentcloudapi.com");
        expect(hostHeaderOf(new URL("http://127.0.0.1:80/"))).to.equal("127.0.0.1");
        expect(hostHeaderOf(new URL("https://example.com:8443/"))).to.equal("example.com:8443");
    });

    it("maps a non-2xx answer to HTTP_<status>, ambiguous", async () => {
        const s = await serve((_req, res) => {
            res.statusCode = 502;
            res.end("<html>bad gateway</html>");
        });
        try {
            const e = await failure(createTransport().send({ method: "POST", url: new URL(s.url), headers: {} }, ctx));
            expect(e).to.include({ name: "CvmTransportError", code: "HTTP_502", ambiguous: true, httpStatus: 502 });
        } finally {
            await s.close();
        }
    });

    it("maps a body that is not JSON to BAD_RESPONSE, ambiguous", async () => {
        const s = await serve((_req, res) => res.end("not json"));
        try {
            const e = await failure(createTransport().send({ method: "POST", url: new URL(s.url), headers: {} }, ctx));
            expect(e).to.include({ code: "BAD_RESPONSE", ambiguous: true });
        } finally {
            await s.close();
        }
    });

    it("maps a dropped connection to ECONNRESET, ambiguous", async () => {
        const s = await serve((req) => req.socket.destroy());
        try {
            const e = await failure(createTransport().send({ method: "POST", url: new URL(s.url), headers: {} }, ctx));
            expect(e).to.include({ code: "ECONNRESET", ambiguous: true });
        } finally {
            await s.close();
        }
    });

    it("maps a refused connection to ECONNREFUSED, not ambiguous (nothing was sent)", async () => {
        const s = await serve(() => undefined);
        const url = new URL(s.url);
        await s.close();
        const e = await failure(createTransport().send({ method: "POST", url, headers: {} }, ctx));
        expect(e).to.include({ code: "ECONNREFUSED", ambiguous: false });
    });

    it("times out a slow answer after timeoutMs as ETIMEDOUT, ambiguous", async () => {
        const s = await serve(() => undefined); // never answers
        try {
            const started = Date.now();
            const e = await failure(
                createTransport({ timeoutMs: 150 }).send({ method: "POST", url: new URL(s.url), headers: {} }, ctx),
            );
            expect(e).to.include({ code: "ETIMEDOUT", ambiguous: true });
            expect(Date.now() - started).to.be.below(2000);
        } finally {
            await s.close();
        }
    });

    it("lets one request override the timeout", async () => {
        const s = await serve(() => undefined);
        try {
            const e = await failure(
                createTransport({ timeoutMs: 60_000 }).send(
                    { method: "GET", url: new URL(s.url), headers: {}, timeoutMs: 100 },
                    ctx,
                ),
            );
            expect(e.code).to.equal("ETIMEDOUT");
        } finally {
            await s.close();
        }
    });

    it("keeps a GET query string (which carries the password) out of error messages", async () => {
        const s = await serve(() => undefined);
        const base = s.url;
        await s.close();
        const url = new URL(`${base}/v2/index.php?password=Top$ecret99&Signature=abc%2Bdef`);
        const e = await failure(
            createTransport().send({ method: "GET", url, headers: {} }, { ...ctx, secrets: ["Top$ecret99"] }),
        );
        expect(e.message).to.not.include("Top$ecret99");
        expect(e.message).to.not.include("abc%2Bdef");
    });

    it("does not follow redirects", async () => {
        const s = await serve((_req, res) => {
            res.statusCode = 302;
            res.setHeader("Location", "http://127.0.0.1:1/elsewhere");
            res.end();
        });
        try {
            const e = await failure(createTransport().send({ method: "GET", url: new URL(s.url), headers: {} }, ctx));
            expect(e.code).to.equal("HTTP_302");
        } finally {
            await s.close();
        }
    });

    describe("endpoints", () => {
        it("refuses plain http to a non-loopback host with a clear error, before sending anything", () => {
            let error: CvmTransportError | undefined;
            try {
                parseEndpoint("http://cvm.tencentcloudapi.com");
            } catch (e) {
                error = e as CvmTransportError;
            }
            expect(error).to.include({ name: "CvmTransportError", code: "INSECURE_ENDPOINT", ambiguous: false });
            expect(error!.message).to.match(/only allowed to loopback/);
        });

        it("accepts https anywhere and http to 127.0.0.0/8, localhost and [::1]", () => {
            for (const ok of [
                "https://cvm.tencentcloudapi.com",
                "http://127.0.0.1:8080",
                "http://127.1.2.3",
                "http://localhost:9",
                "http://[::1]:8080",
            ]) {
                expect(() => parseEndpoint(ok), ok).to.not.throw();
            }
            expect(isLoopbackHost("128.0.0.1")).to.equal(false);
            expect(isLoopbackHost("127.0.0.1.evil.com")).to.equal(false);
            expect(() => parseEndpoint("ftp://127.0.0.1")).to.throw(/unsupported scheme/);
            expect(() => parseEndpoint("not a url")).to.throw(/not a URL/);
        });
    });
});
