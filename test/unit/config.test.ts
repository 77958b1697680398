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

  it('reads CCHC_MAX_STRING_CHARS and CCHC_MAX_IMPORT_CHARS, with defaults; refuses nonsense', () => {
    expect(loadConfig({})).toMatchObject({ maxStringChars: 2000, maxImportChars: 5_000_000 });
    expect(loadConfig({ CCHC_MAX_STRING_CHARS: '500', CCHC_MAX_IMPORT_CHARS: '100000' })).toMatchObject({
      maxStringChars: 500,
      maxImportChars: 100000,
    });
    expect(() => loadConfig({ CCHC_MAX_IMPORT_CHARS: '0' })).toThrow(/CCHC_MAX_IMPORT_CHARS must be/);
    expect(() => loadConfig({ CCHC_MAX_STRING_CHARS: 'lots' })).toThrow(/CCHC_MAX_STRING_CHARS must be/);
  });
});
