import { DEFAULT_LIMITS, loadConfig } from '../../src/core/config';

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

describe('loadConfig: limits, HOST and CORS', () => {
  it('has documented defaults: loopback only, no cross-origin browser, 1 MB bodies', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.corsOrigins).toEqual([]);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.limits.maxBodyBytes).toBe(1024 * 1024);
  });

  it('reads every limit from its variable and refuses what is not a positive whole number', () => {
    const config = loadConfig({
      CCHC_MAX_DEPTH: '5',
      CCHC_MAX_ALIASES: '6',
      CCHC_MAX_TOKENS: '700',
      CCHC_MAX_DIRECTIVES: '8',
      CCHC_MAX_COST: '9000',
      CCHC_MAX_BODY_BYTES: '2048',
      CCHC_MAX_IMPORT_BODY_BYTES: '4096',
    });
    expect(config.limits).toEqual({
      maxDepth: 5,
      maxAliases: 6,
      maxTokens: 700,
      maxDirectives: 8,
      maxCost: 9000,
      maxBodyBytes: 2048,
      maxImportBodyBytes: 4096,
    });
    for (const bad of ['0', '-1', '1.5', '1e3', 'lots']) {
      expect(() => loadConfig({ CCHC_MAX_COST: bad })).toThrow(
        /CCHC_MAX_COST must be a positive whole number/,
      );
    }
    // The import limit is never below the general one.
    expect(
      loadConfig({ CCHC_MAX_BODY_BYTES: '5000000', CCHC_MAX_IMPORT_BODY_BYTES: '10' }).limits
        .maxImportBodyBytes,
    ).toBe(5_000_000);
  });

  it('reads HOST (all interfaces only when asked) and CCHC_CORS_ORIGINS (a list, or *)', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: ' ' }).host).toBe('127.0.0.1');
    expect(() => loadConfig({ HOST: 'http://x/' })).toThrow(/HOST/);
    expect(
      loadConfig({ CCHC_CORS_ORIGINS: 'https://a.example, http://b.example:8080/ ,' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({ CCHC_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ CCHC_CORS_ORIGINS: 'dashboard.example' })).toThrow(/CCHC_CORS_ORIGINS/);
  });
});

describe('loadConfig: stored exports (CCHC_EXPORT_*)', () => {
  it('has defaults: files under the data directory, the worker on, 3 retries from 60 s, 30 days, no webhook', () => {
    const { exports, dataDir } = loadConfig({ CCHC_DATA_DIR: '/srv/cchc' });
    expect(dataDir).toBe('/srv/cchc');
    expect(exports).toEqual({
      dir: '/srv/cchc/exports',
      worker: true,
      retryLimit: 3,
      retryDelaySeconds: 60,
      retentionDays: 30,
      webhookUrl: undefined,
      webhookSecret: undefined,
    });
  });

  it('reads every setting and refuses nonsense, naming the variable', () => {
    const secret = 'a-webhook-secret-of-24-chars-or-more';
    expect(
      loadConfig({
        CCHC_EXPORT_DIR: '/mnt/shared/exports',
        CCHC_EXPORT_WORKER: 'off',
        CCHC_EXPORT_RETRY_LIMIT: '0',
        CCHC_EXPORT_RETRY_SECONDS: '5',
        CCHC_EXPORT_RETENTION_DAYS: '7',
        CCHC_EXPORT_WEBHOOK_URL: 'https://hooks.example.gov.vn/cchc',
        CCHC_EXPORT_WEBHOOK_SECRET: secret,
      }).exports,
    ).toEqual({
      dir: '/mnt/shared/exports',
      worker: false,
      retryLimit: 0,
      retryDelaySeconds: 5,
      retentionDays: 7,
      webhookUrl: 'https://hooks.example.gov.vn/cchc',
      webhookSecret: secret,
    });
    expect(() => loadConfig({ CCHC_EXPORT_WORKER: 'maybe' })).toThrow(/CCHC_EXPORT_WORKER must be 1 or 0/);
    expect(() => loadConfig({ CCHC_EXPORT_RETRY_LIMIT: '50' })).toThrow(/CCHC_EXPORT_RETRY_LIMIT must be/);
    expect(() => loadConfig({ CCHC_EXPORT_RETENTION_DAYS: '0' })).toThrow(
      /CCHC_EXPORT_RETENTION_DAYS must be/,
    );
    expect(() => loadConfig({ CCHC_EXPORT_WEBHOOK_URL: 'ftp://x' })).toThrow(/must be an http\(s\) URL/);
    expect(() => loadConfig({ CCHC_EXPORT_WEBHOOK_URL: 'https://hooks.example/cchc' })).toThrow(
      /needs CCHC_EXPORT_WEBHOOK_SECRET, at least 24 characters/,
    );
  });
});

describe('loadConfig: CCHC_PERSISTED_ONLY_ROLES', () => {
  it('is none by default; reads a comma-separated list of roles in any case, once each', () => {
    expect(loadConfig({}).persistedOnlyRoles).toEqual([]);
    expect(loadConfig({ CCHC_PERSISTED_ONLY_ROLES: ' ' }).persistedOnlyRoles).toEqual([]);
    expect(
      loadConfig({ CCHC_PERSISTED_ONLY_ROLES: 'province_analyst, COMMUNE_OFFICER,PROVINCE_ANALYST' })
        .persistedOnlyRoles,
    ).toEqual(['PROVINCE_ANALYST', 'COMMUNE_OFFICER']);
  });

  it('refuses a name that is not a role, naming the variable and the roles', () => {
    expect(() => loadConfig({ CCHC_PERSISTED_ONLY_ROLES: 'ANALYST' })).toThrow(
      /CCHC_PERSISTED_ONLY_ROLES must list roles among ADMIN, PROVINCE_ANALYST, COMMUNE_OFFICER, EXPORT_JOB, got "ANALYST"/,
    );
  });
});

describe('loadConfig: DATABASE_POOL_MODE', () => {
  const pooled = { DATABASE_URL: 'postgres://app@pgbouncer:6432/cchc' };
  it('is session by default; transaction needs DATABASE_URL and DATABASE_LISTEN_URL (a pooler cannot LISTEN)', () => {
    expect(loadConfig({}).poolMode).toBe('session');
    expect(
      loadConfig({
        ...pooled,
        DATABASE_POOL_MODE: 'Transaction',
        DATABASE_LISTEN_URL: 'postgres://app@db:5432/cchc',
      }),
    ).toMatchObject({ poolMode: 'transaction', listenUrl: 'postgres://app@db:5432/cchc' });
    expect(() => loadConfig({ ...pooled, DATABASE_POOL_MODE: 'transaction' })).toThrow(
      /DATABASE_POOL_MODE=transaction needs DATABASE_LISTEN_URL/,
    );
    expect(() =>
      loadConfig({ DATABASE_POOL_MODE: 'transaction', DATABASE_LISTEN_URL: 'postgres://app@db:5432/cchc' }),
    ).toThrow(/needs DATABASE_URL/);
    expect(() => loadConfig({ ...pooled, DATABASE_POOL_MODE: 'statement' })).toThrow(
      /DATABASE_POOL_MODE must be one of session, transaction; got "statement"/,
    );
  });
});
