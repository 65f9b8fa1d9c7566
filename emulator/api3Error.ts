// API 3.0 errors: HTTP 200 with {"Response":{"Error":{"Code","Message"},"RequestId"}} (reference §2.4).

export class Api3Error extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
