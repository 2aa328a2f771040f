/**
 * Golden bytes in tests are written as annotated hex: bytes grouped on lines,
 * each line commented with what its field is. This turns that text into plain
 * hex for comparison with `Buffer.toString('hex')`.
 */

/** Hex with `#` comments and all white space removed. */
export function annotatedHex(annotated: string): string {
  return annotated
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
}
