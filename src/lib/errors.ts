/** One error vocabulary for every surface: a stable snake_case code and an HTTP status. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, status = 400, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 422, details);
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message = 'Not found') {
    super(code, message, 404);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 409, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'forbidden', message = 'You are not allowed to do that') {
    super(code, message, 403);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code = 'unauthenticated', message = 'Please sign in') {
    super(code, message, 401);
  }
}

export class RateLimitError extends AppError {
  constructor(message = 'Too many attempts, please wait and try again') {
    super('rate_limited', message, 429);
  }
}

/** A payment gateway refused or failed; `vendorCode` keeps the gateway's own code. */
export class GatewayError extends AppError {
  readonly vendorCode?: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, opts: { vendorCode?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(code, message, 502, opts.vendorCode ? { vendorCode: opts.vendorCode } : undefined, { cause: opts.cause });
    this.vendorCode = opts.vendorCode;
    this.retryable = opts.retryable ?? false;
  }
}

/** A control panel refused or failed; `retryable` tells the orchestrator whether to back off and retry. */
export class ProvisioningError extends AppError {
  readonly vendorCode?: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, opts: { vendorCode?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(code, message, 502, opts.vendorCode ? { vendorCode: opts.vendorCode } : undefined, { cause: opts.cause });
    this.vendorCode = opts.vendorCode;
    this.retryable = opts.retryable ?? true;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
