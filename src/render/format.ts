/** Small formatting helpers shared by the human renderers. */
import { isNumericDate, outOfRangePhrase } from '../core/numeric-date.ts';

/** "in 9h 59m", "3m ago", "in 45s": the distance between two instants, humanised. */
export function relativeTime(epochSeconds: number, nowMs: number = Date.now()): string {
  const delta = Math.round(epochSeconds - nowMs / 1000);
  const span = duration(Math.abs(delta));
  return delta >= 0 ? `in ${span}` : `${span} ago`;
}

export function duration(totalSeconds: number): string {
  const d = Math.floor(totalSeconds / 86400);
  const h = Math.floor((totalSeconds % 86400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 && m < 10 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

/** ISO time without milliseconds: 2026-11-26T18:40:01Z; a number no Date can hold is said to be one, never thrown on. */
export function isoTimeFromSeconds(epochSeconds: number): string {
  if (!isNumericDate(epochSeconds)) return outOfRangePhrase(epochSeconds);
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Two aligned columns. */
export function table(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`);
}
