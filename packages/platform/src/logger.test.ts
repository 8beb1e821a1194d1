import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('redacts personal data wherever it is nested, and keeps the rest', () => {
    const lines: string[] = [];
    const log = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
    log.info(
      { lead: { cpf: '52998224725', phone: '+5511987654321', name: 'Maria' }, income: 12000, email: 'm@x.com', variables: { input: { cpf: '11144477735' } } },
      'lead seen',
    );
    const line = lines.join('');
    expect(JSON.parse(line)).toMatchObject({ msg: 'lead seen', service: 'test', lead: { name: 'Maria', cpf: '[redacted]' } });
    for (const secret of ['52998224725', '+5511987654321', '12000', 'm@x.com', '11144477735']) expect(line).not.toContain(secret);
  });
});
