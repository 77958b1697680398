import fc from 'fast-check';
import {
  boundedOperation,
  boundedOutcome,
  isLoopbackAddress,
  MAX_OPERATION_LABELS,
} from '../../src/app/metrics';
import { loadConfig } from '../../src/core/config';
import { lineLogger } from '../../src/core/logger';
import { propertyParameters } from '../utils/property';

describe('LOG_LEVEL and CCHC_METRICS', () => {
  it('default to info and local', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', metricsAccess: 'local' });
  });

  it('take every listed value, in any case', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ LOG_LEVEL: level.toUpperCase() }).logLevel).toBe(level);
    }
    for (const access of ['off', 'local', 'token', 'open']) {
      expect(loadConfig({ CCHC_METRICS: ` ${access} ` }).metricsAccess).toBe(access);
    }
  });

  it('refuse anything else at startup, naming the variable and the values it takes', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose"',
    );
    expect(() => loadConfig({ CCHC_METRICS: 'public' })).toThrow(
      'CCHC_METRICS must be one of off, local, token, open; got "public"',
    );
  });
});

describe('the logger', () => {
  it('writes one JSON object per line: ISO time, the level as a word, the message, no secret fields', () => {
    const lines: string[] = [];
    const logger = lineLogger((line) => lines.push(line), 'info');
    logger.debug('not written');
    logger.warn(
      { headers: { authorization: 'Bearer cchc_secret' }, token: 'cchc_secret', code: 'X' },
      'hello',
    );
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 'warn', msg: 'hello', code: 'X', token: '[redacted]' });
    expect(entry.headers.authorization).toBe('[redacted]');
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
    expect(lines[0]).not.toContain('cchc_secret');
  });
});

describe('metric labels', () => {
  it('isLoopbackAddress: this machine only', () => {
    const cases: [string | undefined, boolean][] = [
      ['127.0.0.1', true],
      ['127.0.0.53', true],
      ['::1', true],
      ['::ffff:127.0.0.1', true],
      ['10.0.0.1', false],
      ['192.168.1.127', false],
      ['::ffff:10.1.2.3', false],
      ['fe80::1', false],
      ['::', false],
      ['', false],
      [undefined, false],
    ];
    for (const [address, local] of cases) {
      expect([address, isLoopbackAddress(address)]).toEqual([address, local]);
    }
  });

  it('boundedOperation: at most MAX_OPERATION_LABELS names plus "anonymous" and "other", each a name seen or one of those two', () => {
    const name = fc.oneof(
      fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,70}$/),
      fc.string({ maxLength: 80 }),
      fc.constantFrom('anonymous', 'other', 'Areas', 'Lost'),
    );
    fc.assert(
      fc.property(fc.array(name, { maxLength: 400 }), (names) => {
        const seen = new Set<string>();
        const labels = names.map((n) => boundedOperation(n, seen));
        labels.forEach((label, i) => {
          expect([names[i], 'other']).toContain(label);
          if (label !== 'other') expect(label.length).toBeLessThanOrEqual(64);
        });
        expect(new Set(labels.filter((l) => l !== 'anonymous' && l !== 'other')).size).toBeLessThanOrEqual(
          MAX_OPERATION_LABELS,
        );
        // A name keeps its label once given one.
        names.forEach((n, i) => {
          if (labels[i] === n) expect(boundedOperation(n, seen)).toBe(n);
        });
      }),
      propertyParameters(),
    );
  });

  it('boundedOutcome: ok and error codes pass, anything else is "other"', () => {
    expect(
      ['ok', 'NOT_FOUND', 'HTTP_404', 'x', 'NOT FOUND', 'a'.repeat(10), 'A'.repeat(49)].map(boundedOutcome),
    ).toEqual(['ok', 'NOT_FOUND', 'HTTP_404', 'other', 'other', 'other', 'other']);
  });
});
