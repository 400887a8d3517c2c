import { describe, expect, it } from 'vitest';
import { ApiFetchError } from '@/lib/client/api-fetch';
import { formErrors } from './form-errors';

const byPath = (path: string) => (path === 'spec.quota.cpu' ? 'cpu' : path === 'name' ? 'name' : undefined);

describe('formErrors', () => {
  it("puts the API's field error beside the field, without the path the message repeats", () => {
    const error = new ApiFetchError(400, 'invalid_input', "Tenant: spec.quota.cpu: '2 cores' is not a Kubernetes quantity; use a number.", { field: 'spec.quota.cpu' });
    expect(formErrors(error, byPath)).toEqual({ fields: { cpu: "'2 cores' is not a Kubernetes quantity; use a number." } });
  });

  it('turns a stale resourceVersion into the conflict banner', () => {
    const error = new ApiFetchError(409, 'conflict', "Tenant 'x' was changed by someone else since it was read.");
    expect(formErrors(error, byPath).conflict).toContain('changed by someone else');
  });

  it('shows anything else on top of the form', () => {
    expect(formErrors(new ApiFetchError(500, 'internal', 'something went wrong'), byPath)).toEqual({ fields: {}, form: 'something went wrong' });
    expect(formErrors(new ApiFetchError(400, 'invalid_input', 'bad', { field: 'spec.unknown' }), byPath)).toEqual({ fields: {}, form: 'bad' });
    expect(formErrors(undefined, byPath)).toEqual({ fields: {} });
  });
});
