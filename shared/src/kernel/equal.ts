/** Structural equality of JSON values (key order ignored); what crosses the wire is JSON. */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') {
    // undefined and null both mean "no value" once sent as JSON.
    return (left ?? null) === (right ?? null);
  }
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return (
      left.length === right.length && left.every((item, index) => jsonEqual(item, right[index]))
    );
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const keys = new Set(
    [...Object.keys(leftRecord), ...Object.keys(rightRecord)].filter(
      (key) => leftRecord[key] !== undefined || rightRecord[key] !== undefined,
    ),
  );
  for (const key of keys) {
    if (!jsonEqual(leftRecord[key], rightRecord[key])) return false;
  }
  return true;
}
