import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, toCsv } from './csv';

describe('CSV', () => {
  it('writes a header row and one CRLF-ended record per row', () => {
    expect(
      toCsv(
        ['date', 'visits'],
        [
          ['2026-12-01', 3],
          ['2026-12-02', 0],
        ],
      ),
    ).toBe('date,visits\r\n2026-12-01,3\r\n2026-12-02,0\r\n');
  });

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('Essential (primary) hypertension')).toBe('Essential (primary) hypertension');
    expect(csvField('Asthma, unspecified')).toBe('"Asthma, unspecified"');
    expect(csvField('Dr. "Amina" Njoroge')).toBe('"Dr. ""Amina"" Njoroge"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(66.7)).toBe('66.7');
  });

  it('keeps a cell a spreadsheet would run as a formula as text', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+254 712 345678')).toBe("'+254 712 345678");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    // Numbers are numbers: a negative one is not a formula.
    expect(csvField(-2)).toBe('-2');
  });

  it('names the file after the clinic, the table and the range', () => {
    expect(csvFileName('Démo Clinic / Nairobi', 'visits-per-day', '2026-11-25', '2026-12-01')).toBe(
      'demo-clinic-nairobi_visits-per-day_2026-11-25_to_2026-12-01.csv',
    );
    expect(csvFileName('***', 'x', '2026-12-01', '2026-12-01')).toBe(
      'clinic_x_2026-12-01_to_2026-12-01.csv',
    );
  });
});
