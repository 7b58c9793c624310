import { vitalSigns } from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import { measures, measuresWithReadings, niceRange, plot, plotSize, seriesOf } from './chart';

const readings = [
  { recorded_at: '2026-11-03T09:00:00Z', systolic: 150, diastolic: 95, pulse: 80 },
  { recorded_at: '2026-11-01T09:00:00Z', systolic: 140, diastolic: 90, pulse: null },
  { recorded_at: '2026-11-05T09:00:00Z', systolic: 130, diastolic: 85, weight_kg: 71.5 },
];

describe('the vitals charts', () => {
  it('draws every sign the clinic records, in its units', () => {
    const drawn = measures.flatMap((measure) =>
      measure.fields.map((field) => ({ field: field.field, unit: measure.unit })),
    );
    expect(drawn).toEqual(vitalSigns.map((sign) => ({ field: sign.field, unit: sign.unit })));
  });

  it('takes the readings of one sign, oldest first, leaving out those without it', () => {
    expect(seriesOf(readings, 'systolic').map((point) => point.value)).toEqual([140, 150, 130]);
    expect(seriesOf(readings, 'pulse')).toEqual([
      { at: Date.parse('2026-11-03T09:00:00Z'), value: 80 },
    ]);
    expect(measuresWithReadings(readings).map((measure) => measure.id)).toEqual([
      'blood_pressure',
      'pulse',
      'weight_kg',
    ]);
  });

  it('puts the first reading at the left, the last at the right, the highest at the top', () => {
    const drawn = plot([{ field: 'systolic', points: seriesOf(readings, 'systolic') }]);
    const dots = drawn.lines[0]!.dots;
    expect(dots[0]!.x).toBe(plotSize.left);
    expect(dots[2]!.x).toBe(plotSize.width - plotSize.right);
    // 3 Nov is half-way between 1 and 5 Nov.
    expect(dots[1]!.x).toBeCloseTo((plotSize.left + plotSize.width - plotSize.right) / 2, 0);
    const highest = dots.reduce((top, dot) => (dot.value > top.value ? dot : top));
    expect(Math.min(...dots.map((dot) => dot.y))).toBe(highest.y);
    for (const dot of dots) {
      expect(dot.y).toBeGreaterThan(plotSize.top);
      expect(dot.y).toBeLessThan(plotSize.height - plotSize.bottom);
    }
    expect(drawn.lines[0]!.path).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
    expect(drawn.low).toBeLessThan(130);
    expect(drawn.high).toBeGreaterThan(150);
  });

  it('shows a range of round numbers with room around the readings', () => {
    expect(niceRange(84, 152)).toEqual({ low: 70, high: 160 });
    expect(niceRange(97, 97)).toEqual({ low: 95, high: 99 });
    expect(niceRange(81.7, 84.5)).toEqual({ low: 80, high: 87 });
    expect(niceRange(0, 0)).toEqual({ low: -1, high: 1 });
    expect(niceRange(7.2, 9.1)).toEqual({ low: 7, high: 9.5 });
    expect(niceRange(36.6, 36.8)).toEqual({ low: 35.8, high: 37.6 });
  });

  it('puts a single reading in the middle, inside a range around it', () => {
    const drawn = plot([{ field: 'pulse', points: seriesOf(readings, 'pulse') }]);
    const dot = drawn.lines[0]!.dots[0]!;
    expect(dot.x).toBe((plotSize.left + plotSize.width - plotSize.right) / 2);
    expect(dot.y).toBe(plotSize.top + (plotSize.height - plotSize.top - plotSize.bottom) / 2);
    expect(drawn.low).toBeLessThan(80);
    expect(drawn.high).toBeGreaterThan(80);
  });
});
