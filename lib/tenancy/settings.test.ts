import { describe, expect, it } from 'vitest';
import { tenancySettings } from './settings';

describe('tenancySettings', () => {
  it('defaults to cubby:admins and cubby-system, also for empty variables', () => {
    expect(tenancySettings({})).toEqual({ adminGroup: 'cubby:admins', namespace: 'cubby-system' });
    expect(tenancySettings({ CUBBY_ADMIN_GROUP: '', CUBBY_NAMESPACE: '' })).toEqual({ adminGroup: 'cubby:admins', namespace: 'cubby-system' });
  });

  it('takes both from the environment and refuses a namespace that cannot exist', () => {
    expect(tenancySettings({ CUBBY_ADMIN_GROUP: 'platform', CUBBY_NAMESPACE: 'cubby' })).toEqual({ adminGroup: 'platform', namespace: 'cubby' });
    expect(() => tenancySettings({ CUBBY_NAMESPACE: 'Cubby_System' })).toThrow(/CUBBY_NAMESPACE/);
  });
});
