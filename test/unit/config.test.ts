import { loadConfig } from '../../src/core/config';

describe('loadConfig', () => {
  it('reads CCHC_ADMIN_TOKEN: unset or empty means none; a short one is refused', () => {
    expect(loadConfig({}).adminToken).toBeUndefined();
    expect(loadConfig({ CCHC_ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
    expect(loadConfig({ CCHC_ADMIN_TOKEN: ' 0123456789abcdef0123456789 ' }).adminToken).toBe(
      '0123456789abcdef0123456789',
    );
    expect(() => loadConfig({ CCHC_ADMIN_TOKEN: 'secret' })).toThrow(/at least 24 characters/);
  });
});
