import { loadConfig, testPauseInSubmitMs } from '../../src/core/config';
import { asDatabaseFailure } from '../../src/core/db/database-errors';
import { ErrorCode } from '../../src/core/errors';

describe('availability settings', () => {
  it('defaults: 5 s to get a connection, 30 s per statement, 30 s of grace on shutdown', () => {
    expect(loadConfig({})).toMatchObject({
      dbConnectTimeoutMs: 5000,
      statementTimeoutMs: 30000,
      shutdownGraceMs: 30000,
    });
    expect(
      loadConfig({
        CCHC_DB_CONNECT_TIMEOUT_MS: '250',
        CCHC_STATEMENT_TIMEOUT_MS: '0',
        CCHC_SHUTDOWN_GRACE_MS: '1000',
      }),
    ).toMatchObject({ dbConnectTimeoutMs: 250, statementTimeoutMs: 0, shutdownGraceMs: 1000 });
    expect(() => loadConfig({ CCHC_STATEMENT_TIMEOUT_MS: '30s' })).toThrow(
      /CCHC_STATEMENT_TIMEOUT_MS must be/,
    );
    expect(() => loadConfig({ CCHC_DB_CONNECT_TIMEOUT_MS: '0' })).toThrow(
      /CCHC_DB_CONNECT_TIMEOUT_MS must be/,
    );
  });

  it('the test pause in submitReport works only under NODE_ENV=test', () => {
    expect(testPauseInSubmitMs({ CCHC_TEST_PAUSE_IN_SUBMIT_MS: '1000' })).toBe(0);
    expect(testPauseInSubmitMs({ NODE_ENV: 'production', CCHC_TEST_PAUSE_IN_SUBMIT_MS: '1000' })).toBe(0);
    expect(testPauseInSubmitMs({ NODE_ENV: 'test', CCHC_TEST_PAUSE_IN_SUBMIT_MS: '1000' })).toBe(1000);
  });
});

describe('asDatabaseFailure', () => {
  const code = (error: unknown) => asDatabaseFailure(error)?.code ?? null;
  it.each([
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ErrorCode.SERVICE_UNAVAILABLE,
    ],
    [
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      ErrorCode.SERVICE_UNAVAILABLE,
    ],
    [new Error('timeout exceeded when trying to connect'), ErrorCode.SERVICE_UNAVAILABLE],
    [new Error('Connection terminated unexpectedly'), ErrorCode.SERVICE_UNAVAILABLE],
    [{ driverError: { code: '57P01' } }, ErrorCode.SERVICE_UNAVAILABLE],
    [{ driverError: { code: '08006' } }, ErrorCode.SERVICE_UNAVAILABLE],
    [{ driverError: { code: '53300' } }, ErrorCode.SERVICE_UNAVAILABLE],
    [{ driverError: { code: '57014' } }, ErrorCode.TIMEOUT],
    [{ driverError: { code: '42P01' } }, null],
    [new Error('something else'), null],
    [undefined, null],
  ])('%p → %p', (error, expected) => {
    expect(code(error)).toBe(expected);
  });
});

describe('asDatabaseFailure through wrappers', () => {
  it('finds the socket error inside graphql-js NonErrorThrown (thrownValue) and TypeORM released runners', () => {
    const wrapped = Object.assign(new Error('Unexpected error value'), {
      thrownValue: { code: 'ECONNREFUSED' },
    });
    expect(asDatabaseFailure(wrapped)?.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    const released = Object.assign(new Error('Query runner already released'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    expect(asDatabaseFailure(released)?.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    const provider = Object.assign(new Error('connection released'), {
      name: 'QueryRunnerProviderAlreadyReleasedError',
    });
    expect(asDatabaseFailure(provider)?.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
  });
});
