// qcloudapi-sdk (the official legacy Node SDK) ships no types; this is the part the tests use.
declare module "qcloudapi-sdk" {
    interface QcloudApiDefaults {
        serviceType?: string;
        path?: string;
        method?: "GET" | "POST";
        protocol?: string;
        host?: string;
        baseHost?: string;
        SecretId?: string;
        SecretKey?: string;
        Region?: string;
        signatureMethod?: "sha1" | "sha256";
    }
    class QcloudApi {
        constructor(defaults?: QcloudApiDefaults);
        request(
            data: Record<string, unknown>,
            opts: QcloudApiDefaults,
            callback: (error: Error | null, body: any) => void,
        ): void;
        request(data: Record<string, unknown>, callback: (error: Error | null, body: any) => void): void;
        generateQueryString(data: Record<string, unknown>, opts?: QcloudApiDefaults): string;
    }
    export = QcloudApi;
}
