/** Structural equality of JSON values (key order ignored); what crosses the wire is JSON. */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') {
    // undefined and null both mean "no value" once sent as JSON.
    return (left ?? null) === (right ?? null);
  }
  const leftIsArray = Array.isArray(left);
  if (leftIsArray !== Array.isArray(right)) return false;
  if (leftIsArray) {
    const leftItems = left as unknown[];
    const rightItems = right as unknown[];
    if (leftItems.length !== rightItems.length) return false;
    for (let index = 0; index < leftItems.length; index += 1) {
      if (!jsonEqual(leftItems[index], rightItems[index])) return false;
    }
    return true;
  }
  // Every key of either side, each once; a key that is undefined on both sides is equal.
  // No key lists are built: the server compares every event a device sends this way.
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  for (const key in leftRecord) {
    if (Object.hasOwn(leftRecord, key) && !jsonEqual(leftRecord[key], rightRecord[key])) {
      return false;
    }
  }
  for (const key in rightRecord) {
    if (
      Object.hasOwn(rightRecord, key) &&
      !Object.hasOwn(leftRecord, key) &&
      !jsonEqual(leftRecord[key], rightRecord[key])
    ) {
      return false;
    }
  }
  return true;
}
