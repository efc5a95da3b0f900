import { expect } from 'chai';
import { ProvisioningError } from '../../../../src/lib/errors.js';
import { serviceReference, type ProvisionRequest } from '../../../../src/provisioning/driver.js';
import type { AttemptLog } from '../../../../src/provisioning/http.js';

/** A provision request for service `serviceId` of customer 42, with the plan mapping given. */
export function provisionRequest(serviceId: number, panelConfig: Record<string, unknown>, extra: Partial<ProvisionRequest> = {}): ProvisionRequest {
  return {
    serviceId,
    reference: serviceReference(serviceId),
    customer: { id: 42, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    panelConfig,
    options: {},
    ...extra,
  };
}

/** Awaits a rejection and checks it is a ProvisioningError with the given code / retryability. */
export async function expectProvisioningError(promise: Promise<unknown>, expected: { code?: string; retryable: boolean }): Promise<ProvisioningError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a ProvisioningError').to.be.instanceOf(ProvisioningError);
  const error = caught as ProvisioningError;
  if (expected.code) expect(error.code).to.equal(expected.code);
  expect(error.retryable).to.equal(expected.retryable);
  return error;
}

/** Collects the driver's attempt logs. */
export function attemptLog(): { logs: AttemptLog[]; onAttempt: (log: AttemptLog) => void } {
  const logs: AttemptLog[] = [];
  return { logs, onAttempt: (log) => logs.push(log) };
}

/** A URL where nothing listens (a closed fake), for "panel down" tests. */
export async function deadUrl(start: () => Promise<{ url: string; close(): Promise<void> }>): Promise<string> {
  const fake = await start();
  await fake.close();
  return fake.url;
}
