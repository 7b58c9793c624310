/**
 * How many slips apart two words are, counting up to `most` + 1: a letter missed, added,
 * changed, or two letters swapped (optimal string alignment), giving up as soon as the
 * count passes `most`. Its rows are kept between calls: it runs thousands of times a keystroke.
 */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

export function slipsBetween(typed: string, word: string, most: number): number {
  if (Math.abs(typed.length - word.length) > most) return most + 1;
  if (rows[0].length <= word.length) {
    const size = word.length * 2;
    rows = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
  let [before, previous, current] = rows;
  for (let column = 0; column <= word.length; column += 1) previous[column] = column;
  for (let row = 1; row <= typed.length; row += 1) {
    current[0] = row;
    let best = row;
    for (let column = 1; column <= word.length; column += 1) {
      const cost = typed[row - 1] === word[column - 1] ? 0 : 1;
      let value = Math.min(
        previous[column]! + 1,
        current[column - 1]! + 1,
        previous[column - 1]! + cost,
      );
      if (
        row > 1 &&
        column > 1 &&
        typed[row - 1] === word[column - 2] &&
        typed[row - 2] === word[column - 1]
      )
        value = Math.min(value, before[column - 2]! + 1);
      current[column] = value;
      if (value < best) best = value;
    }
    if (best > most) return most + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[word.length]!;
}
