// API 3.0 errors: HTTP 200 with {"Response":{"Error":{"Code","Message"},"RequestId"}} (https://www.tencentcloud.com/document/api/213/15694).

export class Api3Error extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}
