/**
 * The closed set of errors the browser can see. Handlers throw an ApiFailure; the error middleware
 * turns it into `{"error":{code,message,field?}}`. Anything else becomes a bare 500 `internal`.
 */
import type { ApiError, ApiErrorBody, ApiErrorCode } from './browser-api.ts';

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  missing_idempotency_key: 400,
  payment_required: 402,
  grant_invalid: 403,
  not_found: 404,
  session_expired: 410,
  conflict: 409,
  idempotency_key_reused: 422,
  grant_used: 409,
  payload_too_large: 413,
  rate_limited: 429,
  gateway_rejected: 502,
  gateway_unavailable: 502,
  gateway_timeout: 504,
  card_payments_paused: 503,
  internal: 500,
};

export class ApiFailure extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
    this.httpStatus = HTTP_STATUS[code];
  }

  toBody(): ApiErrorBody {
    const error: ApiError = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    return { error };
  }
}

export function invalidRequest(field: string, message: string): ApiFailure {
  return new ApiFailure('invalid_request', `${field}: ${message}`, field);
}

export const INTERNAL_FAILURE_BODY: ApiErrorBody = {
  error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
};
