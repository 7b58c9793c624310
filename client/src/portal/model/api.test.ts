import { describe, expect, it } from 'vitest';
import { checkAnswer, PortalError } from './api';

describe("the portal's check of an answer", () => {
  it('takes an answer with the lists the screens read', () => {
    const body = { upcoming: [], past: [] };
    expect(checkAnswer('appointments', body)).toBe(body);
    expect(checkAnswer('me', { full_name: 'Jane', consents: [] })).toMatchObject({
      full_name: 'Jane',
    });
  });

  it("refuses anything else (a proxy's page, another version's answer), so it is never kept", () => {
    for (const body of [null, '<html>', [], { upcoming: [] }, { visits: {} }]) {
      expect(() => checkAnswer('appointments', body)).toThrow(PortalError);
    }
    expect(() => checkAnswer('visits', { visits: 'none' })).toThrow(/does not understand/);
  });
});
